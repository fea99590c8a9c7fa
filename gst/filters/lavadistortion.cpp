/**
 * SECTION:element-lavadistortion
 * @title: lavadistortion
 *
 * Lavalink's `filters.distortion` (lavadsp, all three functions on):
 * y = clamp(offset + scale * (sin-offset + sin(x * sin-scale)) * (cos-offset + cos(x * cos-scale))
 *   * (tan-offset + tan(x * tan-scale)), -1, 1). The defaults are passthrough.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE ! lavadistortion sin-scale=2
 * cos-offset=0.5 ! audioconvert ! autoaudiosink
 * ]|
 */
#include "lavadistortion.h"

using lava::filters::FilterParams;

struct _LavaDistortion {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaDistortion, lava_distortion, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavadistortion, "lavadistortion", GST_RANK_NONE, LAVA_TYPE_DISTORTION)

namespace {

const LavaFilterProperty kProperties[] = {
    {"sin-offset", "Sin offset", "Added to the sine term (filters.distortion.sinOffset)",
     -1000000.0, 1000000.0, 0.0,
     [](const FilterParams& p) { return double(p.distortion.sin_offset); },
     [](FilterParams& p, double v) { p.distortion.sin_offset = static_cast<float>(v); }},
    {"sin-scale", "Sin scale", "Scales the sine argument (filters.distortion.sinScale)", -1000000.0,
     1000000.0, 1.0, [](const FilterParams& p) { return double(p.distortion.sin_scale); },
     [](FilterParams& p, double v) { p.distortion.sin_scale = static_cast<float>(v); }},
    {"cos-offset", "Cos offset", "Added to the cosine term (filters.distortion.cosOffset)",
     -1000000.0, 1000000.0, 0.0,
     [](const FilterParams& p) { return double(p.distortion.cos_offset); },
     [](FilterParams& p, double v) { p.distortion.cos_offset = static_cast<float>(v); }},
    {"cos-scale", "Cos scale", "Scales the cosine argument (filters.distortion.cosScale)",
     -1000000.0, 1000000.0, 1.0,
     [](const FilterParams& p) { return double(p.distortion.cos_scale); },
     [](FilterParams& p, double v) { p.distortion.cos_scale = static_cast<float>(v); }},
    {"tan-offset", "Tan offset", "Added to the tangent term (filters.distortion.tanOffset)",
     -1000000.0, 1000000.0, 0.0,
     [](const FilterParams& p) { return double(p.distortion.tan_offset); },
     [](FilterParams& p, double v) { p.distortion.tan_offset = static_cast<float>(v); }},
    {"tan-scale", "Tan scale", "Scales the tangent argument (filters.distortion.tanScale)",
     -1000000.0, 1000000.0, 1.0,
     [](const FilterParams& p) { return double(p.distortion.tan_scale); },
     [](FilterParams& p, double v) { p.distortion.tan_scale = static_cast<float>(v); }},
    {"offset", "Offset", "Added to the product (filters.distortion.offset)", -1000000.0, 1000000.0,
     0.0, [](const FilterParams& p) { return double(p.distortion.offset); },
     [](FilterParams& p, double v) { p.distortion.offset = static_cast<float>(v); }},
    {"scale", "Scale", "Scales the product (filters.distortion.scale)", -1000000.0, 1000000.0, 1.0,
     [](const FilterParams& p) { return double(p.distortion.scale); },
     [](FilterParams& p, double v) { p.distortion.scale = static_cast<float>(v); }},
};

void enable(FilterParams& p) {
  p.has_distortion = true;
}

}  // namespace

static void lava_distortion_class_init(LavaDistortionClass* klass) {
  lava_filter_element_class_setup(
      LAVA_FILTER_ELEMENT_CLASS(klass),
      {"Lavalink distortion", "Waveshaping distortion as Lavalink's distortion filter",
       "[ 1, MAX ]", kProperties, G_N_ELEMENTS(kProperties), enable});
}

static void lava_distortion_init(LavaDistortion*) {}
