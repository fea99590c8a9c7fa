/**
 * SECTION:element-lavatremolo
 * @title: lavatremolo
 *
 * Lavalink's `filters.tremolo`: amplitude modulation by (1 - depth/2) + depth/2 * sin(2 pi f t).
 * Depth 0 is passthrough.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE ! lavatremolo frequency=4 depth=0.8 !
 * audioconvert ! autoaudiosink
 * ]|
 */
#include "lavatremolo.h"

using lava::filters::FilterParams;

struct _LavaTremolo {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaTremolo, lava_tremolo, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavatremolo, "lavatremolo", GST_RANK_NONE, LAVA_TYPE_TREMOLO)

namespace {

const LavaFilterProperty kProperties[] = {
    {"frequency", "Frequency", "Modulation frequency in Hz (filters.tremolo.frequency)", 0.001,
     1000, 2.0, [](const FilterParams& p) { return double(p.tremolo.frequency); },
     [](FilterParams& p, double v) { p.tremolo.frequency = static_cast<float>(v); }},
    {"depth", "Depth", "Modulation depth, 0 (off) to 1 (filters.tremolo.depth)", 0, 1, 0.5,
     [](const FilterParams& p) { return double(p.tremolo.depth); },
     [](FilterParams& p, double v) { p.tremolo.depth = static_cast<float>(v); }},
};

void enable(FilterParams& p) {
  p.has_tremolo = true;
}

}  // namespace

static void lava_tremolo_class_init(LavaTremoloClass* klass) {
  lava_filter_element_class_setup(
      LAVA_FILTER_ELEMENT_CLASS(klass),
      {"Lavalink tremolo", "Amplitude modulation as Lavalink's tremolo filter", "[ 1, MAX ]",
       kProperties, G_N_ELEMENTS(kProperties), enable});
}

static void lava_tremolo_init(LavaTremolo*) {}
