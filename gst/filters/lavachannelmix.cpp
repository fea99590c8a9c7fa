/**
 * SECTION:element-lavachannelmix
 * @title: lavachannelmix
 *
 * Lavalink's `filters.channelMix`: left' = ll*left + rl*right, right' = lr*left + rr*right,
 * clamped to [-1, 1]. The identity mix is passthrough. Stereo only.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE,channels=2 ! lavachannelmix
 * left-to-left=0.5 right-to-left=0.5 left-to-right=0.5 right-to-right=0.5 ! audioconvert !
 * autoaudiosink
 * ]|
 */
#include "lavachannelmix.h"

using lava::filters::FilterParams;

struct _LavaChannelMix {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaChannelMix, lava_channel_mix, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavachannelmix, "lavachannelmix", GST_RANK_NONE, LAVA_TYPE_CHANNEL_MIX)

namespace {

const LavaFilterProperty kProperties[] = {
    {"left-to-left", "Left to left",
     "Share of the left input in the left output (filters.channelMix.leftToLeft)", 0, 1, 1.0,
     [](const FilterParams& p) { return double(p.channel_mix.left_to_left); },
     [](FilterParams& p, double v) { p.channel_mix.left_to_left = static_cast<float>(v); }},
    {"left-to-right", "Left to right",
     "Share of the left input in the right output (filters.channelMix.leftToRight)", 0, 1, 0.0,
     [](const FilterParams& p) { return double(p.channel_mix.left_to_right); },
     [](FilterParams& p, double v) { p.channel_mix.left_to_right = static_cast<float>(v); }},
    {"right-to-left", "Right to left",
     "Share of the right input in the left output (filters.channelMix.rightToLeft)", 0, 1, 0.0,
     [](const FilterParams& p) { return double(p.channel_mix.right_to_left); },
     [](FilterParams& p, double v) { p.channel_mix.right_to_left = static_cast<float>(v); }},
    {"right-to-right", "Right to right",
     "Share of the right input in the right output (filters.channelMix.rightToRight)", 0, 1, 1.0,
     [](const FilterParams& p) { return double(p.channel_mix.right_to_right); },
     [](FilterParams& p, double v) { p.channel_mix.right_to_right = static_cast<float>(v); }},
};

void enable(FilterParams& p) {
  p.has_channel_mix = true;
}

}  // namespace

static void lava_channel_mix_class_init(LavaChannelMixClass* klass) {
  lava_filter_element_class_setup(
      LAVA_FILTER_ELEMENT_CLASS(klass),
      {"Lavalink channel mix", "Mixes the left and right channels as Lavalink's channelMix filter",
       "2", kProperties, G_N_ELEMENTS(kProperties), enable});
}

static void lava_channel_mix_init(LavaChannelMix*) {}
