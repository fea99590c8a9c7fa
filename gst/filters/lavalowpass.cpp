/**
 * SECTION:element-lavalowpass
 * @title: lavalowpass
 *
 * Lavalink's `filters.lowPass`: one-pole smoothing per channel, y += (x - y) / smoothing.
 * Smoothing of 1 or less is passthrough.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc wave=saw ! audio/x-raw,format=F32LE ! lavalowpass smoothing=20 !
 * audioconvert ! autoaudiosink
 * ]|
 */
#include "lavalowpass.h"

using lava::filters::FilterParams;

struct _LavaLowPass {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaLowPass, lava_low_pass, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavalowpass, "lavalowpass", GST_RANK_NONE, LAVA_TYPE_LOW_PASS)

namespace {

const LavaFilterProperty kProperties[] = {
    {"smoothing", "Smoothing", "Smoothing factor, > 1 filters (filters.lowPass.smoothing)", 0,
     1000000.0, 20.0, [](const FilterParams& p) { return double(p.low_pass.smoothing); },
     [](FilterParams& p, double v) { p.low_pass.smoothing = static_cast<float>(v); }},
};

void enable(FilterParams& p) {
  p.has_low_pass = true;
}

}  // namespace

static void lava_low_pass_class_init(LavaLowPassClass* klass) {
  lava_filter_element_class_setup(
      LAVA_FILTER_ELEMENT_CLASS(klass),
      {"Lavalink low pass", "Smooths high frequencies away as Lavalink's lowPass filter",
       "[ 1, MAX ]", kProperties, G_N_ELEMENTS(kProperties), enable});
}

static void lava_low_pass_init(LavaLowPass*) {}
