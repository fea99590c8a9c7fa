/**
 * SECTION:element-lavaopusenc
 * @title: lavaopusenc
 *
 * Encodes 48 kHz float PCM (mono or stereo) into one 20 ms Opus packet per buffer, what
 * discordvoicesink sends: libopus's single-stream encoder with the settings of stock `opusenc`'s
 * defaults (generic audio, full band, constrained VBR) and its `bitrate` and `complexity`.
 *
 * Why not `opusenc`: it encodes through libopus's multistream API even for one stereo stream,
 * and libopus 1.3's `opus_multistream_encode` works out its streams' state sizes on every call,
 * which probes the CPU with `cpuid` each time (four times per frame); on a virtual machine every
 * `cpuid` traps to the hypervisor. In the scale benchmark that was 12 % of the node's CPU at 150
 * transcoding players (docs/performance.md). And `opusenc` takes only S16, so the float chain
 * needed one more conversion (with dither) before it; libopus takes float as it is.
 *
 * At the end of a stream the last partial frame is padded with silence and sent, as opusenc
 * does; a flush resets the encoder.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE,rate=48000,channels=2 ! \
 *   lavaopusenc complexity=5 ! fakesink
 * ]|
 */
#include "lavaopusenc.h"

#include <opus.h>

#include <algorithm>
#include <array>
#include <vector>

#include "buffer_map.h"

GST_DEBUG_CATEGORY_STATIC(lava_opus_enc_debug);
#define GST_CAT_DEFAULT lava_opus_enc_debug

namespace {

constexpr int kRate = 48000;
constexpr int kFrameSamples = 960;       // 20 ms: what Discord wants per packet
constexpr int kMaxPacket = 1275;         // RFC 6716: the most one Opus frame can take
constexpr int kDefaultBitrate = 128000;  // the player's YAML default
constexpr int kDefaultComplexity = 10;   // libopus's and Lavalink's opusEncodingQuality

enum { PROP_0, PROP_BITRATE, PROP_COMPLEXITY };

GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE(
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS("audio/x-raw, format = (string) " GST_AUDIO_NE(
        F32) ", layout = (string) interleaved, rate = (int) 48000, channels = (int) [ 1, 2 ]"));

GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE(
    "src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS("audio/x-opus, rate = (int) 48000, channels = (int) [ 1, 2 ], "
                    "channel-mapping-family = (int) 0"));

}  // namespace

struct _LavaOpusEnc {
  GstAudioEncoder parent;
  OpusEncoder* encoder;  // streaming thread (and set_format) only
  int channels;
  std::vector<float>* padded;  // the last partial frame, filled up with silence
  gint bitrate;                // g_atomic: properties may be set from any thread
  gint complexity;
};

G_DEFINE_TYPE(LavaOpusEnc, lava_opus_enc, GST_TYPE_AUDIO_ENCODER)
GST_ELEMENT_REGISTER_DEFINE(lavaopusenc, "lavaopusenc", GST_RANK_NONE, LAVA_TYPE_OPUS_ENC)

static void destroy_encoder(LavaOpusEnc* self) {
  if (self->encoder) opus_encoder_destroy(self->encoder);
  self->encoder = nullptr;
}

static gboolean lava_opus_enc_set_format(GstAudioEncoder* enc, GstAudioInfo* info) {
  LavaOpusEnc* self = LAVA_OPUS_ENC(enc);
  destroy_encoder(self);
  self->channels = GST_AUDIO_INFO_CHANNELS(info);
  int error = OPUS_OK;
  self->encoder = opus_encoder_create(kRate, self->channels, OPUS_APPLICATION_AUDIO, &error);
  if (error != OPUS_OK) {
    self->encoder = nullptr;
    GST_ELEMENT_ERROR(self, LIBRARY, INIT, (nullptr),
                      ("opus_encoder_create: %s", opus_strerror(error)));
    return FALSE;
  }
  opus_encoder_ctl(self->encoder, OPUS_SET_BITRATE(g_atomic_int_get(&self->bitrate)));
  opus_encoder_ctl(self->encoder, OPUS_SET_COMPLEXITY(g_atomic_int_get(&self->complexity)));
  opus_encoder_ctl(self->encoder, OPUS_SET_BANDWIDTH(OPUS_BANDWIDTH_FULLBAND));
  opus_encoder_ctl(self->encoder, OPUS_SET_VBR(1));
  opus_encoder_ctl(self->encoder, OPUS_SET_VBR_CONSTRAINT(1));

  GstCaps* caps =
      gst_caps_new_simple("audio/x-opus", "rate", G_TYPE_INT, kRate, "channels", G_TYPE_INT,
                          self->channels, "channel-mapping-family", G_TYPE_INT, 0, nullptr);
  const gboolean ok = gst_audio_encoder_set_output_format(enc, caps);
  gst_caps_unref(caps);
  gst_audio_encoder_set_frame_samples_min(enc, kFrameSamples);
  gst_audio_encoder_set_frame_samples_max(enc, kFrameSamples);
  gst_audio_encoder_set_frame_max(enc, 1);
  const GstClockTime frame = gst_util_uint64_scale_int(kFrameSamples, GST_SECOND, kRate);
  gst_audio_encoder_set_latency(enc, frame, frame);
  return ok;
}

// Encodes one frame (a shorter last one padded with silence) into `packet`; its size, or a
// libopus error code.
static opus_int32 encode(LavaOpusEnc* self, GstBuffer* buffer,
                         std::array<unsigned char, kMaxPacket>& packet) {
  lava::BufferMap map(buffer, GST_MAP_READ);
  if (!map) return OPUS_ALLOC_FAIL;
  auto samples = map.as<const float>();
  const auto frame = static_cast<std::size_t>(kFrameSamples * self->channels);
  if (samples.size() < frame) {
    self->padded->assign(frame, 0.0f);
    std::copy(samples.begin(), samples.end(), self->padded->begin());
    samples = *self->padded;
  }
  return opus_encode_float(self->encoder, samples.data(), kFrameSamples, packet.data(), kMaxPacket);
}

static GstFlowReturn lava_opus_enc_handle_frame(GstAudioEncoder* enc, GstBuffer* buffer) {
  LavaOpusEnc* self = LAVA_OPUS_ENC(enc);
  if (!buffer) return GST_FLOW_OK;  // drained: the base class already handed us the remainder
  if (!self->encoder) return GST_FLOW_NOT_NEGOTIATED;
  std::array<unsigned char, kMaxPacket> packet;
  const opus_int32 size = encode(self, buffer, packet);
  if (size < 0) {
    GST_ELEMENT_ERROR(self, STREAM, ENCODE, (nullptr),
                      ("opus_encode_float: %s", opus_strerror(size)));
    return GST_FLOW_ERROR;
  }
  // Only now, with the input unmapped: finishing the frame releases it.
  GstBuffer* out = gst_audio_encoder_allocate_output_buffer(enc, static_cast<gsize>(size));
  gst_buffer_fill(out, 0, packet.data(), static_cast<gsize>(size));
  return gst_audio_encoder_finish_frame(enc, out, kFrameSamples);
}

// A flush (seek, or the player switching back to passthrough): what the encoder remembers of the
// signal before it must not shape what comes after.
static void lava_opus_enc_flush(GstAudioEncoder* enc) {
  LavaOpusEnc* self = LAVA_OPUS_ENC(enc);
  if (self->encoder) opus_encoder_ctl(self->encoder, OPUS_RESET_STATE);
}

static gboolean lava_opus_enc_stop(GstAudioEncoder* enc) {
  destroy_encoder(LAVA_OPUS_ENC(enc));
  return TRUE;
}

static void lava_opus_enc_set_property(GObject* object, guint id, const GValue* value,
                                       GParamSpec* pspec) {
  LavaOpusEnc* self = LAVA_OPUS_ENC(object);
  switch (id) {
    case PROP_BITRATE:
      g_atomic_int_set(&self->bitrate, g_value_get_int(value));
      break;
    case PROP_COMPLEXITY:
      g_atomic_int_set(&self->complexity, g_value_get_int(value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void lava_opus_enc_get_property(GObject* object, guint id, GValue* value,
                                       GParamSpec* pspec) {
  LavaOpusEnc* self = LAVA_OPUS_ENC(object);
  switch (id) {
    case PROP_BITRATE:
      g_value_set_int(value, g_atomic_int_get(&self->bitrate));
      break;
    case PROP_COMPLEXITY:
      g_value_set_int(value, g_atomic_int_get(&self->complexity));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void lava_opus_enc_finalize(GObject* object) {
  LavaOpusEnc* self = LAVA_OPUS_ENC(object);
  destroy_encoder(self);
  delete self->padded;
  G_OBJECT_CLASS(lava_opus_enc_parent_class)->finalize(object);
}

static void lava_opus_enc_class_init(LavaOpusEncClass* klass) {
  GST_DEBUG_CATEGORY_INIT(lava_opus_enc_debug, "lavaopusenc", 0, "Opus encoder for Discord");
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  GstAudioEncoderClass* encoder_class = GST_AUDIO_ENCODER_CLASS(klass);
  gobject_class->set_property = lava_opus_enc_set_property;
  gobject_class->get_property = lava_opus_enc_get_property;
  gobject_class->finalize = lava_opus_enc_finalize;
  encoder_class->set_format = lava_opus_enc_set_format;
  encoder_class->handle_frame = lava_opus_enc_handle_frame;
  encoder_class->flush = lava_opus_enc_flush;
  encoder_class->stop = lava_opus_enc_stop;
  // Taken when the stream's format is set (the node sets both before a track starts).
  const auto flags = static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                              GST_PARAM_MUTABLE_READY);
  g_object_class_install_property(
      gobject_class, PROP_BITRATE,
      g_param_spec_int("bitrate", "Bit rate", "Target bit rate in bit/s", 6000, 510000,
                       kDefaultBitrate, flags));
  g_object_class_install_property(
      gobject_class, PROP_COMPLEXITY,
      g_param_spec_int("complexity", "Complexity",
                       "libopus complexity: 0 is the cheapest, 10 the best sounding", 0, 10,
                       kDefaultComplexity, flags));
  gst_element_class_add_static_pad_template(element_class, &sink_template);
  gst_element_class_add_static_pad_template(element_class, &src_template);
  gst_element_class_set_static_metadata(
      element_class, "Opus encoder for Discord", "Codec/Encoder/Audio",
      "Encodes 48 kHz float audio into 20 ms Opus packets with libopus's single-stream encoder",
      "gst-lavalink developers");
}

static void lava_opus_enc_init(LavaOpusEnc* self) {
  self->encoder = nullptr;
  self->channels = 0;
  self->padded = new std::vector<float>();
  self->bitrate = kDefaultBitrate;
  self->complexity = kDefaultComplexity;
}
