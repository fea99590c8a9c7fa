/**
 * SECTION:element-rfftspectrum
 * @title: rfftspectrum
 *
 * Spectrum analyzer on our own SIMD real FFT (power-of-two sizes 64–16384). Every `hop` frames it
 * runs a windowed FFT per channel (or on the channels' average); every `interval` of audio it
 * posts an element message with the power averaged over that interval, as dB magnitude, linear
 * power or the last FFT's complex bins, optionally grouped into linear or logarithmic bands.
 * The message carries the stock `spectrum` element's fields (`timestamp`, `stream-time`,
 * `running-time`, `duration`, `endtime`, `magnitude` as a list of floats, array of arrays with
 * multi-channel); set `message-name=spectrum` to drop it in for existing bus code, or
 * `payload=bytes` for a compact GBytes of float32. Audio passes through untouched.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 -m audiotestsrc num-buffers=20 ! rfftspectrum fft-size=1024 bands=32 \
 *   band-scale=log interval=50000000 ! fakesink
 * ]|
 */
#include "rfftspectrum.h"

#include <gst/audio/audio.h>

#include <mutex>
#include <vector>

#include "analysis/rfftspectrum_props.h"
#include "buffer_map.h"

GST_DEBUG_CATEGORY_STATIC(lava_rfft_spectrum_debug);
#define GST_CAT_DEFAULT lava_rfft_spectrum_debug

namespace {

struct State {
  GstAudioInfo info;  // of the negotiated caps (the filter's copy is set after setup returns)
  lava::analysis::SpectrumProps applied;  // the settings `core` runs with
  lava::dsp::SpectrumCore core;
  bool configured = false;
  guint64 interval_frames = 1;
  guint64 frames_in_interval = 0;
  GstClockTime interval_start = GST_CLOCK_TIME_NONE;
  // Message times count frames from base_pts, so truncated buffer timestamps do not drift.
  GstClockTime base_pts = GST_CLOCK_TIME_NONE;
  guint64 frames_seen = 0;
  std::vector<float> result;
};

}  // namespace

struct _LavaRfftSpectrum {
  GstAudioFilter parent;
  std::mutex* lock;  // guards props against the streaming thread
  lava::analysis::SpectrumProps* props;
  State* state;
};

G_DEFINE_TYPE(LavaRfftSpectrum, lava_rfft_spectrum, GST_TYPE_AUDIO_FILTER)
GST_ELEMENT_REGISTER_DEFINE(rfftspectrum, "rfftspectrum", GST_RANK_NONE, LAVA_TYPE_RFFT_SPECTRUM)

#define RFFT_SPECTRUM_CAPS \
  "audio/x-raw, format = (string) { " GST_AUDIO_NE(F32) ", " GST_AUDIO_NE(S16) " }, rate = " \
                                                        "(int) [ 1, MAX ], channels = (int) [ 1, MAX ], layout = (string) interleaved"

// Applies the current properties; called with the new caps and whenever a property changed.
static void configure(LavaRfftSpectrum* self, const lava::analysis::SpectrumProps& props) {
  State& st = *self->state;
  const GstAudioInfo& info = st.info;
  st.applied = props;
  const auto format = GST_AUDIO_INFO_FORMAT(&info) == GST_AUDIO_FORMAT_S16
                          ? lava::dsp::SampleFormat::kS16
                          : lava::dsp::SampleFormat::kF32;
  st.core.configure(props.core, GST_AUDIO_INFO_CHANNELS(&info), format);
  const guint64 rate = GST_AUDIO_INFO_RATE(&info);
  st.interval_frames =
      std::max<guint64>(1, gst_util_uint64_scale_round(props.interval_ns, rate, GST_SECOND));
  st.frames_in_interval = 0;
  st.base_pts = GST_CLOCK_TIME_NONE;
  st.frames_seen = 0;
  st.result.assign(st.core.out_channels() * st.core.width(), 0.0f);
  st.configured = true;
}

static gboolean rfft_setup(GstAudioFilter* filter, const GstAudioInfo* info) {
  LavaRfftSpectrum* self = LAVA_RFFT_SPECTRUM(filter);
  GST_DEBUG_OBJECT(self, "%d Hz, %d channels", GST_AUDIO_INFO_RATE(info),
                   GST_AUDIO_INFO_CHANNELS(info));
  std::lock_guard<std::mutex> guard(*self->lock);
  self->state->info = *info;
  configure(self, *self->props);
  return TRUE;
}

static void take_floats(GValue* out, GType container, std::span<const float> values) {
  if (container == GST_TYPE_LIST)
    gst_value_list_init(out, values.size());
  else
    gst_value_array_init(out, values.size());
  for (float f : values) {
    GValue v = G_VALUE_INIT;
    g_value_init(&v, G_TYPE_FLOAT);
    g_value_set_float(&v, f);
    if (container == GST_TYPE_LIST)
      gst_value_list_append_and_take_value(out, &v);
    else
      gst_value_array_append_and_take_value(out, &v);
  }
}

static void set_payload(GstStructure* s, const State& st) {
  using lava::analysis::Payload;
  const char* field = "magnitude";
  if (st.applied.core.output == lava::dsp::SpectrumOutput::kPower) field = "power";
  if (st.applied.core.output == lava::dsp::SpectrumOutput::kComplex) field = "complex";
  GValue value = G_VALUE_INIT;
  const unsigned channels = st.core.out_channels();
  const std::size_t width = st.core.width();
  if (st.applied.payload == Payload::kBytes) {
    g_value_init(&value, G_TYPE_BYTES);
    g_value_take_boxed(&value, g_bytes_new(st.result.data(), st.result.size() * sizeof(float)));
  } else {
    const GType inner = st.applied.payload == Payload::kList ? GST_TYPE_LIST : GST_TYPE_ARRAY;
    if (channels == 1 && !st.applied.core.multi_channel) {
      take_floats(&value, inner, st.result);
    } else {
      // As spectrum with multi-channel: an array (channel) of per-channel values.
      gst_value_array_init(&value, channels);
      for (unsigned c = 0; c < channels; ++c) {
        GValue one = G_VALUE_INIT;
        take_floats(&one, inner, std::span<const float>(st.result).subspan(c * width, width));
        gst_value_array_append_and_take_value(&value, &one);
      }
    }
  }
  gst_structure_take_value(s, field, &value);
}

static void post_result(LavaRfftSpectrum* self) {
  State& st = *self->state;
  st.core.finish_interval(st.result);
  if (!st.applied.post_messages) return;
  GstBaseTransform* trans = GST_BASE_TRANSFORM(self);
  const GstAudioInfo& info = st.info;
  const GstClockTime duration =
      gst_util_uint64_scale_int(st.interval_frames, GST_SECOND, GST_AUDIO_INFO_RATE(&info));
  const GstClockTime ts = st.interval_start;
  const GstClockTime stream_time = gst_segment_to_stream_time(&trans->segment, GST_FORMAT_TIME, ts);
  const GstClockTime running_time =
      gst_segment_to_running_time(&trans->segment, GST_FORMAT_TIME, ts);
  GstStructure* s = gst_structure_new(
      st.applied.message_name.c_str(), "endtime", G_TYPE_UINT64,
      GST_CLOCK_TIME_IS_VALID(stream_time) ? stream_time + duration : GST_CLOCK_TIME_NONE,
      "timestamp", G_TYPE_UINT64, ts, "stream-time", G_TYPE_UINT64, stream_time, "running-time",
      G_TYPE_UINT64, running_time, "duration", G_TYPE_UINT64, duration, "rate", G_TYPE_INT,
      GST_AUDIO_INFO_RATE(&info), "channels", G_TYPE_INT, static_cast<gint>(st.core.out_channels()),
      "bins", G_TYPE_INT, static_cast<gint>(st.core.width()), nullptr);
  set_payload(s, st);
  gst_element_post_message(GST_ELEMENT(self), gst_message_new_element(GST_OBJECT(self), s));
}

static GstFlowReturn rfft_transform_ip(GstBaseTransform* trans, GstBuffer* buffer) {
  LavaRfftSpectrum* self = LAVA_RFFT_SPECTRUM(trans);
  State& st = *self->state;
  {
    std::lock_guard<std::mutex> guard(*self->lock);
    const auto& p = *self->props;
    const auto& a = st.applied;
    if (!st.configured || !(p.core == a.core) || p.interval_ns != a.interval_ns) configure(self, p);
    st.applied.payload = p.payload;
    st.applied.post_messages = p.post_messages;
    st.applied.message_name = p.message_name;
  }
  const GstAudioInfo& info = st.info;
  const std::size_t bpf = GST_AUDIO_INFO_BPF(&info);
  lava::BufferMap map(buffer, GST_MAP_READ);
  if (!map) {
    GST_ELEMENT_ERROR(self, STREAM, FAILED, (nullptr), ("could not map buffer"));
    return GST_FLOW_ERROR;
  }
  const std::size_t frames = map.size() / bpf;
  const GstClockTime pts = GST_BUFFER_PTS(buffer);
  const gint rate = GST_AUDIO_INFO_RATE(&info);
  if (GST_CLOCK_TIME_IS_VALID(pts)) {
    const GstClockTime expected =
        st.base_pts + gst_util_uint64_scale_int(st.frames_seen, GST_SECOND, rate);
    const GstClockTime tolerance = GST_SECOND / rate / 2 + 1;
    if (!GST_CLOCK_TIME_IS_VALID(st.base_pts) ||
        GST_CLOCK_DIFF(expected, pts) > GstClockTimeDiff(tolerance) ||
        GST_CLOCK_DIFF(pts, expected) > GstClockTimeDiff(tolerance)) {
      st.base_pts = pts;
      st.frames_seen = 0;
    }
  }
  std::size_t done = 0;
  while (done < frames) {
    if (st.frames_in_interval == 0)
      st.interval_start =
          GST_CLOCK_TIME_IS_VALID(st.base_pts)
              ? st.base_pts + gst_util_uint64_scale_int(st.frames_seen + done, GST_SECOND, rate)
              : GST_CLOCK_TIME_NONE;
    const std::size_t take =
        std::min<guint64>(frames - done, st.interval_frames - st.frames_in_interval);
    st.core.push(map.data() + done * bpf, take);
    done += take;
    st.frames_in_interval += take;
    if (st.frames_in_interval == st.interval_frames) {
      post_result(self);
      st.frames_in_interval = 0;
    }
  }
  st.frames_seen += frames;
  return GST_FLOW_OK;
}

static void restart(State& st) {
  if (st.configured) st.core.reset();
  st.frames_in_interval = 0;
  st.base_pts = GST_CLOCK_TIME_NONE;
  st.frames_seen = 0;
}

static gboolean rfft_sink_event(GstBaseTransform* trans, GstEvent* event) {
  if (GST_EVENT_TYPE(event) == GST_EVENT_FLUSH_STOP) restart(*LAVA_RFFT_SPECTRUM(trans)->state);
  return GST_BASE_TRANSFORM_CLASS(lava_rfft_spectrum_parent_class)->sink_event(trans, event);
}

static gboolean rfft_stop(GstBaseTransform* trans) {
  restart(*LAVA_RFFT_SPECTRUM(trans)->state);
  return TRUE;
}

static void rfft_set_property(GObject* object, guint id, const GValue* value, GParamSpec* pspec) {
  LavaRfftSpectrum* self = LAVA_RFFT_SPECTRUM(object);
  std::lock_guard<std::mutex> guard(*self->lock);
  if (!lava::analysis::spectrum_set_property(*self->props, id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void rfft_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
  LavaRfftSpectrum* self = LAVA_RFFT_SPECTRUM(object);
  std::lock_guard<std::mutex> guard(*self->lock);
  if (!lava::analysis::spectrum_get_property(*self->props, id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void rfft_finalize(GObject* object) {
  LavaRfftSpectrum* self = LAVA_RFFT_SPECTRUM(object);
  delete self->state;
  delete self->props;
  delete self->lock;
  G_OBJECT_CLASS(lava_rfft_spectrum_parent_class)->finalize(object);
}

static void lava_rfft_spectrum_class_init(LavaRfftSpectrumClass* klass) {
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  GstBaseTransformClass* trans_class = GST_BASE_TRANSFORM_CLASS(klass);

  GST_DEBUG_CATEGORY_INIT(lava_rfft_spectrum_debug, "rfftspectrum", 0,
                          "Real-FFT spectrum analyzer");

  gobject_class->set_property = rfft_set_property;
  gobject_class->get_property = rfft_get_property;
  gobject_class->finalize = rfft_finalize;
  lava::analysis::spectrum_install_properties(gobject_class);

  gst_element_class_set_static_metadata(
      element_class, "Real-FFT spectrum analyzer", "Filter/Analyzer/Audio",
      "Posts spectrum-compatible messages computed with a SIMD real FFT; audio passes through",
      "gst-lavalink developers");
  GstCaps* caps = gst_caps_from_string(RFFT_SPECTRUM_CAPS);
  gst_audio_filter_class_add_pad_templates(GST_AUDIO_FILTER_CLASS(klass), caps);
  gst_caps_unref(caps);

  GST_AUDIO_FILTER_CLASS(klass)->setup = rfft_setup;
  trans_class->transform_ip = rfft_transform_ip;
  trans_class->transform_ip_on_passthrough = TRUE;
  trans_class->sink_event = rfft_sink_event;
  trans_class->stop = rfft_stop;
}

static void lava_rfft_spectrum_init(LavaRfftSpectrum* self) {
  self->lock = new std::mutex();
  self->props = new lava::analysis::SpectrumProps();
  self->state = new State();
  gst_base_transform_set_passthrough(GST_BASE_TRANSFORM(self), TRUE);
}
