/**
 * SECTION:element-lavakaraoke
 * @title: lavakaraoke
 *
 * Lavalink's `filters.karaoke`, the same algorithm as GStreamer's audiokaraoke: cancels what is
 * centred between the channels (usually the voice), keeping a band around filter-band from the
 * mono sum. Level 0 is passthrough. Stereo only.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE,channels=2 ! lavakaraoke level=1
 * mono-level=1 filter-band=220 filter-width=100 ! audioconvert ! autoaudiosink
 * ]|
 */
#include "lavakaraoke.h"

using lava::filters::FilterParams;

struct _LavaKaraoke {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaKaraoke, lava_karaoke, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavakaraoke, "lavakaraoke", GST_RANK_NONE, LAVA_TYPE_KARAOKE)

namespace {

const LavaFilterProperty kProperties[] = {
    {"level", "Level", "Effect level, 0 (off) to 1 (filters.karaoke.level)", 0, 1, 1.0,
     [](const FilterParams& p) { return double(p.karaoke.level); },
     [](FilterParams& p, double v) { p.karaoke.level = static_cast<float>(v); }},
    {"mono-level", "Mono level", "Level of the kept mono band, 0 to 1 (filters.karaoke.monoLevel)",
     0, 1, 1.0, [](const FilterParams& p) { return double(p.karaoke.mono_level); },
     [](FilterParams& p, double v) { p.karaoke.mono_level = static_cast<float>(v); }},
    {"filter-band", "Filter band", "Centre of the kept band in Hz (filters.karaoke.filterBand)", 0,
     100000, 220.0, [](const FilterParams& p) { return double(p.karaoke.filter_band); },
     [](FilterParams& p, double v) { p.karaoke.filter_band = static_cast<float>(v); }},
    {"filter-width", "Filter width", "Width of the kept band in Hz (filters.karaoke.filterWidth)",
     0.001, 100000, 100.0, [](const FilterParams& p) { return double(p.karaoke.filter_width); },
     [](FilterParams& p, double v) { p.karaoke.filter_width = static_cast<float>(v); }},
};

void enable(FilterParams& p) {
  p.has_karaoke = true;
}

}  // namespace

static void lava_karaoke_class_init(LavaKaraokeClass* klass) {
  lava_filter_element_class_setup(
      LAVA_FILTER_ELEMENT_CLASS(klass),
      {"Lavalink karaoke", "Removes centred voice as Lavalink's karaoke filter", "2", kProperties,
       G_N_ELEMENTS(kProperties), enable});
}

static void lava_karaoke_init(LavaKaraoke*) {}
