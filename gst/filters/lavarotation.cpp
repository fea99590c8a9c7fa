/**
 * SECTION:element-lavarotation
 * @title: lavarotation
 *
 * Lavalink's `filters.rotation` ("8D audio"): pans the stereo image around the listener,
 * left *= (1 + sin x) / 2, right *= (1 - sin x) / 2. 0 Hz is passthrough. Stereo only.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE,channels=2 ! lavarotation rotation-hz=0.2
 * ! audioconvert ! autoaudiosink
 * ]|
 */
#include "lavarotation.h"

using lava::filters::FilterParams;

struct _LavaRotation {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaRotation, lava_rotation, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavarotation, "lavarotation", GST_RANK_NONE, LAVA_TYPE_ROTATION)

namespace {

const LavaFilterProperty kProperties[] = {
    {"rotation-hz", "Rotation Hz",
     "Rotations per second, negative turns the other way (filters.rotation.rotationHz)", -1000,
     1000, 0.0, [](const FilterParams& p) { return double(p.rotation.rotation_hz); },
     [](FilterParams& p, double v) { p.rotation.rotation_hz = static_cast<double>(v); }},
};

void enable(FilterParams& p) {
  p.has_rotation = true;
}

}  // namespace

static void lava_rotation_class_init(LavaRotationClass* klass) {
  lava_filter_element_class_setup(
      LAVA_FILTER_ELEMENT_CLASS(klass),
      {"Lavalink rotation",
       "Rotates the stereo image around the listener as Lavalink's rotation filter", "2",
       kProperties, G_N_ELEMENTS(kProperties), enable});
}

static void lava_rotation_init(LavaRotation*) {}
