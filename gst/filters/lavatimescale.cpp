/**
 * SECTION:element-lavatimescale
 * @title: lavatimescale
 *
 * Lavalink's `filters.timescale` through SoundTouch: speed changes tempo and keeps pitch, pitch
 * shifts and keeps tempo, rate resamples (both). Output is re-stamped contiguously and the output
 * segment's applied-rate carries speed * rate, so stream time (the position a sink reports) stays
 * the media position and seeks stay right. The SoundTouch tail is drained at EOS. All 1.0 is
 * passthrough. While active, the latency query adds what SoundTouch holds back (about 100 ms),
 * and a latency message goes out when that changes. A new pitch or rate is handed to SoundTouch
 * in the thread that sets the property, so its filter redesign never allocates in the streaming
 * thread.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE ! lavatimescale speed=1.25 pitch=1.25 !
 * audioconvert ! autoaudiosink
 * ]|
 */
#include "lavatimescale.h"

using lava::filters::FilterParams;

struct _LavaTimescale {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaTimescale, lava_timescale, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavatimescale, "lavatimescale", GST_RANK_NONE, LAVA_TYPE_TIMESCALE)

namespace {

const LavaFilterProperty kProperties[] = {
    {"speed", "Speed", "Tempo factor, pitch kept (filters.timescale.speed)", 0.01, 10, 1.0,
     [](const FilterParams& p) { return double(p.timescale.speed); },
     [](FilterParams& p, double v) { p.timescale.speed = static_cast<double>(v); }},
    {"pitch", "Pitch", "Pitch factor, tempo kept (filters.timescale.pitch)", 0.01, 10, 1.0,
     [](const FilterParams& p) { return double(p.timescale.pitch); },
     [](FilterParams& p, double v) { p.timescale.pitch = static_cast<double>(v); }},
    {"rate", "Rate", "Playback rate factor, changes tempo and pitch (filters.timescale.rate)", 0.01,
     10, 1.0, [](const FilterParams& p) { return double(p.timescale.rate); },
     [](FilterParams& p, double v) { p.timescale.rate = static_cast<double>(v); }},
};

void enable(FilterParams& p) {
  p.has_timescale = true;
}

}  // namespace

static void lava_timescale_class_init(LavaTimescaleClass* klass) {
  lava_filter_element_class_setup(
      LAVA_FILTER_ELEMENT_CLASS(klass),
      {"Lavalink timescale",
       "Changes tempo, pitch and rate as Lavalink's timescale filter (SoundTouch)", "[ 1, MAX ]",
       kProperties, G_N_ELEMENTS(kProperties), enable});
}

static void lava_timescale_init(LavaTimescale*) {}
