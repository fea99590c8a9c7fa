/**
 * SECTION:element-resamplenormmono
 * @title: resamplenormmono
 *
 * Takes S16/S32/F32 interleaved audio at any rate and channel count and outputs F32 mono at the
 * rate negotiated downstream, in a single pass: format conversion, downmix (average, or
 * `channel-weights`), polyphase windowed-sinc resampling (`quality` 0–10) and optional level
 * normalization (`mode` peak or rms towards `target-db`, with attack/release so the gain never
 * jumps). Output timestamps follow the input timeline exactly; EOS drains the filter.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc num-buffers=100 ! audio/x-raw,rate=44100,channels=2 !
 *   resamplenormmono quality=8 mode=rms target-db=-20 ! audio/x-raw,rate=16000 ! fakesink
 * ]|
 */
#include "resamplenormmono.h"

#include <gst/audio/audio.h>

#include <cstdlib>
#include <mutex>
#include <vector>

#include "buffer_map.h"
#include "fusion/dsp/downmix.h"
#include "fusion/dsp/normalizer.h"
#include "fusion/dsp/polyphase_resampler.h"
#include "fusion/resamplenormmono_props.h"

GST_DEBUG_CATEGORY_STATIC(lava_rnm_debug);
#define GST_CAT_DEFAULT lava_rnm_debug

namespace {

struct State {
  lava::dsp::SampleFormat format = lava::dsp::SampleFormat::kF32;
  unsigned channels = 0;
  unsigned bytes_per_frame = 0;
  unsigned in_rate = 0;
  unsigned out_rate = 0;
  std::vector<float> weights;
  lava::dsp::PolyphaseResampler resampler;
  lava::dsp::Normalizer normalizer;
  GstClockTime base_time = GST_CLOCK_TIME_NONE;  // PTS of output sample 0
  guint64 produced = 0;                          // output samples since base_time
  guint64 consumed = 0;                          // input frames since base_time
};

}  // namespace

struct _LavaResampleNormMono {
  GstBaseTransform parent;
  std::mutex* lock;  // guards props (any thread) against the streaming thread's reads
  lava::fusion::RnmProps* props;
  State* state;
};

G_DEFINE_TYPE(LavaResampleNormMono, lava_resample_norm_mono, GST_TYPE_BASE_TRANSFORM)
GST_ELEMENT_REGISTER_DEFINE(resamplenormmono, "resamplenormmono", GST_RANK_NONE,
                            LAVA_TYPE_RESAMPLE_NORM_MONO)

#define RNM_SINK_CAPS \
  "audio/x-raw, format = (string) { " GST_AUDIO_NE(S16) ", " GST_AUDIO_NE(S32) ", " GST_AUDIO_NE( \
      F32) " }, rate = (int) [ 1, MAX ], channels = (int) [ 1, MAX ], layout = (string) "         \
           "interleaved"
#define RNM_SRC_CAPS \
  "audio/x-raw, format = (string) " GST_AUDIO_NE(F32) ", rate = (int) [ 1, MAX ], " \
                                                      "channels = (int) 1, layout = (string) interleaved"

static GstStaticPadTemplate sink_template =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS(RNM_SINK_CAPS));
static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(RNM_SRC_CAPS));

// Each input structure maps to the same rate first (preferred), then to any rate.
static GstCaps* rnm_transform_caps(GstBaseTransform* trans, GstPadDirection direction,
                                   GstCaps* caps, GstCaps* filter) {
  LavaResampleNormMono* self = LAVA_RESAMPLE_NORM_MONO(trans);
  std::size_t weights = 0;
  {
    std::lock_guard<std::mutex> guard(*self->lock);
    weights = self->props->channel_weights.size();
  }
  GstCaps* result = gst_caps_new_empty();
  for (guint i = 0; i < gst_caps_get_size(caps); ++i) {
    GstStructure* s = gst_structure_copy(gst_caps_get_structure(caps, i));
    gst_structure_remove_fields(s, "format", "channels", "channel-mask", nullptr);
    if (direction == GST_PAD_SINK) {
      gst_structure_set(s, "format", G_TYPE_STRING, GST_AUDIO_NE(F32), "channels", G_TYPE_INT, 1,
                        nullptr);
    } else {
      GValue formats = G_VALUE_INIT;
      gst_value_list_init(&formats, 3);
      for (const char* f : {GST_AUDIO_NE(S16), GST_AUDIO_NE(S32), GST_AUDIO_NE(F32)}) {
        GValue v = G_VALUE_INIT;
        g_value_init(&v, G_TYPE_STRING);
        g_value_set_static_string(&v, f);
        gst_value_list_append_and_take_value(&formats, &v);
      }
      gst_structure_take_value(s, "format", &formats);
      // channel-weights fixes the input channel count; upstream converts or fails to negotiate.
      if (weights > 0)
        gst_structure_set(s, "channels", G_TYPE_INT, static_cast<gint>(weights), nullptr);
      else
        gst_structure_set(s, "channels", GST_TYPE_INT_RANGE, 1, G_MAXINT, nullptr);
    }
    GstStructure* any_rate = gst_structure_copy(s);
    gst_structure_set(any_rate, "rate", GST_TYPE_INT_RANGE, 1, G_MAXINT, nullptr);
    result = gst_caps_merge_structure(result, s);
    result = gst_caps_merge_structure(result, any_rate);
  }
  if (filter) {
    GstCaps* filtered = gst_caps_intersect_full(filter, result, GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref(result);
    result = filtered;
  }
  return result;
}

static GstCaps* rnm_fixate_caps(GstBaseTransform*, GstPadDirection, GstCaps* caps,
                                GstCaps* othercaps) {
  othercaps = gst_caps_truncate(othercaps);
  othercaps = gst_caps_make_writable(othercaps);
  GstStructure* s = gst_caps_get_structure(othercaps, 0);
  gint rate = 0;
  if (gst_structure_get_int(gst_caps_get_structure(caps, 0), "rate", &rate))
    gst_structure_fixate_field_nearest_int(s, "rate", rate);
  return gst_caps_fixate(othercaps);
}

static lava::dsp::SampleFormat sample_format(GstAudioFormat format) {
  switch (format) {
    case GST_AUDIO_FORMAT_S16:
      return lava::dsp::SampleFormat::kS16;
    case GST_AUDIO_FORMAT_S32:
      return lava::dsp::SampleFormat::kS32;
    default:
      return lava::dsp::SampleFormat::kF32;
  }
}

struct RawCaps {
  GstAudioFormat format = GST_AUDIO_FORMAT_UNKNOWN;
  gint rate = 0;
  gint channels = 0;
};

// Channel positions do not matter for a mono downmix, so unpositioned multichannel caps (which
// gst_audio_info_from_caps rejects) are fine here.
static bool parse_caps(GstCaps* caps, RawCaps& out) {
  const GstStructure* s = gst_caps_get_structure(caps, 0);
  const gchar* format = gst_structure_get_string(s, "format");
  if (!format || !gst_structure_get_int(s, "rate", &out.rate) ||
      !gst_structure_get_int(s, "channels", &out.channels) || out.rate <= 0 || out.channels <= 0)
    return false;
  out.format = gst_audio_format_from_string(format);
  return out.format == GST_AUDIO_FORMAT_S16 || out.format == GST_AUDIO_FORMAT_S32 ||
         out.format == GST_AUDIO_FORMAT_F32;
}

// Downmix weights with the integer full-scale folded in, so the kernel does one multiply.
static bool downmix_weights(LavaResampleNormMono* self, const RawCaps& in,
                            std::vector<float>& weights) {
  const unsigned channels = in.channels;
  const std::vector<float>& user = self->props->channel_weights;
  if (!user.empty() && user.size() != channels) {
    GST_ELEMENT_ERROR(
        self, CORE, NEGOTIATION, ("channel-weights does not match the input"),
        ("channel-weights has %zu entries but the input has %u channels", user.size(), channels));
    return false;
  }
  double scale = 1.0;
  if (in.format == GST_AUDIO_FORMAT_S16) scale = 1.0 / 32768.0;
  if (in.format == GST_AUDIO_FORMAT_S32) scale = 1.0 / 2147483648.0;
  weights.resize(channels);
  for (unsigned c = 0; c < channels; ++c)
    weights[c] = static_cast<float>((user.empty() ? 1.0 / channels : user[c]) * scale);
  return true;
}

static gboolean rnm_set_caps(GstBaseTransform* trans, GstCaps* incaps, GstCaps* outcaps) {
  LavaResampleNormMono* self = LAVA_RESAMPLE_NORM_MONO(trans);
  RawCaps in, out;
  if (!parse_caps(incaps, in) || !parse_caps(outcaps, out)) {
    GST_ERROR_OBJECT(self, "invalid caps %" GST_PTR_FORMAT " → %" GST_PTR_FORMAT, incaps, outcaps);
    return FALSE;
  }
  std::lock_guard<std::mutex> guard(*self->lock);
  State& st = *self->state;
  if (!downmix_weights(self, in, st.weights)) return FALSE;
  st.format = sample_format(in.format);
  st.channels = in.channels;
  st.bytes_per_frame =
      in.channels * GST_AUDIO_FORMAT_INFO_WIDTH(gst_audio_format_get_info(in.format)) / 8;
  st.in_rate = in.rate;
  st.out_rate = out.rate;
  // A caps change starts a new timeline; what the old filter still held is not carried over.
  st.resampler.configure(st.in_rate, st.out_rate, self->props->quality);
  st.normalizer.configure(self->props->normalizer, st.out_rate);
  st.base_time = GST_CLOCK_TIME_NONE;
  st.produced = 0;
  st.consumed = 0;
  GST_INFO_OBJECT(self, "%u Hz × %u → %u Hz mono, %zu taps%s", st.in_rate, st.channels, st.out_rate,
                  st.resampler.design().taps,
                  st.resampler.design().interpolated ? " (interpolated phases)" : "");
  return TRUE;
}

// Runs the resampler (or its drain) into a new buffer, normalizes and timestamps it; nullptr when
// there is nothing to output.
static GstBuffer* rnm_produce(LavaResampleNormMono* self, bool drain) {
  State& st = *self->state;
  const std::size_t n = drain ? st.resampler.drain_length() : st.resampler.available();
  if (n == 0) return nullptr;
  GstBuffer* out = gst_buffer_new_allocate(nullptr, n * sizeof(float), nullptr);
  {
    lava::BufferMap map(out, GST_MAP_WRITE);
    std::span<float> samples = map.as<float>();
    if (drain)
      st.resampler.drain(samples);
    else
      st.resampler.process(samples);
    {
      std::lock_guard<std::mutex> guard(*self->lock);
      if (!(st.normalizer.settings() == self->props->normalizer))
        st.normalizer.update(self->props->normalizer);
    }
    st.normalizer.process(samples);
  }
  if (GST_CLOCK_TIME_IS_VALID(st.base_time)) {
    const GstClockTime start =
        st.base_time + gst_util_uint64_scale_int(st.produced, GST_SECOND, st.out_rate);
    const GstClockTime end =
        st.base_time + gst_util_uint64_scale_int(st.produced + n, GST_SECOND, st.out_rate);
    GST_BUFFER_PTS(out) = start;
    GST_BUFFER_DURATION(out) = end - start;
  }
  GST_BUFFER_OFFSET(out) = st.produced;
  GST_BUFFER_OFFSET_END(out) = st.produced + n;
  if (st.produced == 0) GST_BUFFER_FLAG_SET(out, GST_BUFFER_FLAG_DISCONT);
  st.produced += n;
  return out;
}

static void rnm_restart(State& st) {
  st.resampler.reset();
  st.normalizer.reset();
  st.base_time = GST_CLOCK_TIME_NONE;
  st.produced = 0;
  st.consumed = 0;
}

// A DISCONT buffer whose timestamp is off the running timeline by more than one input frame
// (a gap or overlap upstream) ends the current stretch: drain it, then start a new timeline there.
static GstFlowReturn resync_on_discont(LavaResampleNormMono* self, GstBuffer* in) {
  State& st = *self->state;
  if (!GST_BUFFER_IS_DISCONT(in) || !GST_BUFFER_PTS_IS_VALID(in) ||
      !GST_CLOCK_TIME_IS_VALID(st.base_time))
    return GST_FLOW_OK;
  const GstClockTime expected =
      st.base_time + gst_util_uint64_scale_int(st.consumed, GST_SECOND, st.in_rate);
  const GstClockTimeDiff off = GST_CLOCK_DIFF(expected, GST_BUFFER_PTS(in));
  if (std::abs(off) <= GstClockTimeDiff(GST_SECOND / st.in_rate)) return GST_FLOW_OK;
  GST_DEBUG_OBJECT(self, "discont of %" GST_STIME_FORMAT ": draining", GST_STIME_ARGS(off));
  GstFlowReturn ret = GST_FLOW_OK;
  if (GstBuffer* tail = rnm_produce(self, true))
    ret = gst_pad_push(GST_BASE_TRANSFORM_SRC_PAD(self), tail);
  rnm_restart(st);
  return ret;
}

static GstFlowReturn rnm_generate_output(GstBaseTransform* trans, GstBuffer** outbuf) {
  LavaResampleNormMono* self = LAVA_RESAMPLE_NORM_MONO(trans);
  State& st = *self->state;
  *outbuf = nullptr;
  GstBuffer* in = trans->queued_buf;
  trans->queued_buf = nullptr;
  if (!in) return GST_FLOW_OK;
  if (st.bytes_per_frame == 0) {
    gst_buffer_unref(in);
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, (nullptr), ("no caps before the first buffer"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  if (const GstFlowReturn ret = resync_on_discont(self, in); ret != GST_FLOW_OK) {
    gst_buffer_unref(in);
    return ret;
  }
  bool whole_frames;
  {
    // The map must end before `in` is released.
    lava::BufferMap map(in, GST_MAP_READ);
    whole_frames = map && map.size() % st.bytes_per_frame == 0;
    if (!whole_frames) {
      GST_ELEMENT_ERROR(self, STREAM, FORMAT, (nullptr),
                        ("buffer of %zu bytes is not a whole number of %u-byte frames", map.size(),
                         st.bytes_per_frame));
    } else {
      const std::size_t frames = map.size() / st.bytes_per_frame;
      if (!GST_CLOCK_TIME_IS_VALID(st.base_time) && GST_BUFFER_PTS_IS_VALID(in) && st.produced == 0)
        st.base_time = GST_BUFFER_PTS(in);
      lava::dsp::downmix_to_mono(map.data(), st.format, st.weights,
                                 st.resampler.input_space(frames));
      st.resampler.commit(frames);
      st.consumed += frames;
    }
  }
  gst_buffer_unref(in);
  if (!whole_frames) return GST_FLOW_ERROR;
  *outbuf = rnm_produce(self, false);
  return GST_FLOW_OK;
}

static gboolean rnm_sink_event(GstBaseTransform* trans, GstEvent* event) {
  LavaResampleNormMono* self = LAVA_RESAMPLE_NORM_MONO(trans);
  State& st = *self->state;
  switch (GST_EVENT_TYPE(event)) {
    case GST_EVENT_EOS:
      if (st.bytes_per_frame != 0) {
        if (GstBuffer* tail = rnm_produce(self, true)) {
          const GstFlowReturn ret = gst_pad_push(GST_BASE_TRANSFORM_SRC_PAD(trans), tail);
          if (ret != GST_FLOW_OK) GST_DEBUG_OBJECT(self, "drain push: %s", gst_flow_get_name(ret));
        }
        rnm_restart(st);
      }
      break;
    case GST_EVENT_FLUSH_STOP:
      rnm_restart(st);
      break;
    default:
      break;
  }
  return GST_BASE_TRANSFORM_CLASS(lava_resample_norm_mono_parent_class)->sink_event(trans, event);
}

// The output lags the input by half the filter; downstream needs that in its latency budget.
static gboolean rnm_query(GstBaseTransform* trans, GstPadDirection direction, GstQuery* query) {
  LavaResampleNormMono* self = LAVA_RESAMPLE_NORM_MONO(trans);
  if (!GST_BASE_TRANSFORM_CLASS(lava_resample_norm_mono_parent_class)
           ->query(trans, direction, query))
    return FALSE;
  if (direction != GST_PAD_SRC || GST_QUERY_TYPE(query) != GST_QUERY_LATENCY) return TRUE;
  const State& st = *self->state;
  if (st.in_rate == 0) return TRUE;
  gboolean live;
  GstClockTime min, max;
  gst_query_parse_latency(query, &live, &min, &max);
  const GstClockTime own =
      gst_util_uint64_scale_int(st.resampler.latency_input_samples(), GST_SECOND, st.in_rate);
  gst_query_set_latency(query, live, min + own, GST_CLOCK_TIME_IS_VALID(max) ? max + own : max);
  return TRUE;
}

static gboolean rnm_stop(GstBaseTransform* trans) {
  State& st = *LAVA_RESAMPLE_NORM_MONO(trans)->state;
  rnm_restart(st);
  st.bytes_per_frame = 0;
  return TRUE;
}

static void rnm_set_property(GObject* object, guint id, const GValue* value, GParamSpec* pspec) {
  LavaResampleNormMono* self = LAVA_RESAMPLE_NORM_MONO(object);
  std::lock_guard<std::mutex> guard(*self->lock);
  if (!lava::fusion::rnm_set_property(*self->props, id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void rnm_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
  LavaResampleNormMono* self = LAVA_RESAMPLE_NORM_MONO(object);
  std::lock_guard<std::mutex> guard(*self->lock);
  if (!lava::fusion::rnm_get_property(*self->props, id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void rnm_finalize(GObject* object) {
  LavaResampleNormMono* self = LAVA_RESAMPLE_NORM_MONO(object);
  delete self->state;
  delete self->props;
  delete self->lock;
  G_OBJECT_CLASS(lava_resample_norm_mono_parent_class)->finalize(object);
}

static void lava_resample_norm_mono_class_init(LavaResampleNormMonoClass* klass) {
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  GstBaseTransformClass* trans_class = GST_BASE_TRANSFORM_CLASS(klass);

  GST_DEBUG_CATEGORY_INIT(lava_rnm_debug, "resamplenormmono", 0,
                          "Fused convert, downmix, resample and normalize");

  gobject_class->set_property = rnm_set_property;
  gobject_class->get_property = rnm_get_property;
  gobject_class->finalize = rnm_finalize;
  lava::fusion::rnm_install_properties(gobject_class);

  gst_element_class_add_static_pad_template(element_class, &sink_template);
  gst_element_class_add_static_pad_template(element_class, &src_template);
  gst_element_class_set_static_metadata(
      element_class, "Resample, normalize and downmix to mono", "Filter/Converter/Audio",
      "Converts S16/S32/F32 audio of any rate and channel count to F32 mono at the negotiated "
      "rate in one pass, with optional peak or RMS normalization",
      "gst-lavalink developers");
  gst_element_class_add_metadata(element_class, LAVA_FUSION_METADATA_KEY,
                                 LAVA_RESAMPLE_NORM_MONO_FUSES);

  trans_class->transform_caps = rnm_transform_caps;
  trans_class->fixate_caps = rnm_fixate_caps;
  trans_class->set_caps = rnm_set_caps;
  trans_class->generate_output = rnm_generate_output;
  trans_class->sink_event = rnm_sink_event;
  trans_class->query = rnm_query;
  trans_class->stop = rnm_stop;
  trans_class->passthrough_on_same_caps = FALSE;
}

static void lava_resample_norm_mono_init(LavaResampleNormMono* self) {
  self->lock = new std::mutex();
  self->props = new lava::fusion::RnmProps();
  self->state = new State();
}
