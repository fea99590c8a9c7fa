/**
 * SECTION:element-lavavibrato
 * @title: lavavibrato
 *
 * Lavalink's `filters.vibrato`: pitch modulation through a short delay line swept by a sine LFO
 * (after BerVibrato, 2 ms of sweep). Depth 0 is passthrough.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE ! lavavibrato frequency=6 depth=1 !
 * audioconvert ! autoaudiosink
 * ]|
 */
#include "lavavibrato.h"

using lava::filters::FilterParams;

struct _LavaVibrato {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaVibrato, lava_vibrato, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavavibrato, "lavavibrato", GST_RANK_NONE, LAVA_TYPE_VIBRATO)

namespace {

const LavaFilterProperty kProperties[] = {
    {"frequency", "Frequency", "LFO frequency in Hz, up to 14 (filters.vibrato.frequency)", 0.001,
     14, 2.0, [](const FilterParams& p) { return double(p.vibrato.frequency); },
     [](FilterParams& p, double v) { p.vibrato.frequency = static_cast<float>(v); }},
    {"depth", "Depth", "Modulation depth, 0 (off) to 1 (filters.vibrato.depth)", 0, 1, 0.5,
     [](const FilterParams& p) { return double(p.vibrato.depth); },
     [](FilterParams& p, double v) { p.vibrato.depth = static_cast<float>(v); }},
};

void enable(FilterParams& p) {
  p.has_vibrato = true;
}

}  // namespace

static void lava_vibrato_class_init(LavaVibratoClass* klass) {
  lava_filter_element_class_setup(
      LAVA_FILTER_ELEMENT_CLASS(klass),
      {"Lavalink vibrato", "Pitch modulation as Lavalink's vibrato filter", "[ 1, MAX ]",
       kProperties, G_N_ELEMENTS(kProperties), enable});
}

static void lava_vibrato_init(LavaVibrato*) {}
