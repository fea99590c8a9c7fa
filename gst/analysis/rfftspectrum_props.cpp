#include "analysis/rfftspectrum_props.h"

#include <gst/gst.h>

namespace lava::analysis {

namespace {

enum {
  PROP_0,
  PROP_FFT_SIZE,
  PROP_HOP,
  PROP_WINDOW,
  PROP_BANDS,
  PROP_BAND_SCALE,
  PROP_INTERVAL,
  PROP_OUTPUT,
  PROP_MULTI_CHANNEL,
  PROP_THRESHOLD,
  PROP_PAYLOAD,
  PROP_POST_MESSAGES,
  PROP_MESSAGE_NAME,
};

GType register_enum(const char* name, const GEnumValue* values) {
  return g_enum_register_static(name, values);
}

#define LAVA_DEFINE_ENUM(fn, name, ...)                                                  \
  GType fn() {                                                                           \
    static GType type = 0;                                                               \
    static const GEnumValue values[] = {__VA_ARGS__, {0, nullptr, nullptr}};             \
    if (g_once_init_enter(&type)) g_once_init_leave(&type, register_enum(name, values)); \
    return type;                                                                         \
  }

LAVA_DEFINE_ENUM(window_type, "LavaSpectrumWindow", {0, "Hann", "hann"}, {1, "Hamming", "hamming"},
                 {2, "Blackman-Harris (4 term)", "blackman-harris"},
                 {3, "Rectangular (no window)", "rectangular"})
LAVA_DEFINE_ENUM(scale_type, "LavaSpectrumBandScale", {0, "Linear", "linear"},
                 {1, "Logarithmic", "log"})
LAVA_DEFINE_ENUM(output_type, "LavaSpectrumOutput",
                 {0, "Magnitude in dB (field magnitude)", "magnitude-db"},
                 {1, "Linear power (field power)", "power"},
                 {2, "Complex bins re,im of the last FFT (field complex)", "complex"})
LAVA_DEFINE_ENUM(payload_type, "LavaSpectrumPayload",
                 {0, "GST_TYPE_LIST of floats, like spectrum", "list"},
                 {1, "GST_TYPE_ARRAY of floats", "array"},
                 {2, "GBytes of native float32, channel-major", "bytes"})

constexpr GParamFlags kFlags = static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                        GST_PARAM_MUTABLE_PLAYING);

}  // namespace

void spectrum_install_properties(GObjectClass* k) {
  const SpectrumProps d;
  g_object_class_install_property(
      k, PROP_FFT_SIZE,
      g_param_spec_uint("fft-size", "FFT size",
                        "Frame length: a power of two from 64 to 16384 (other values round up)", 64,
                        16384, d.core.fft_size, kFlags));
  g_object_class_install_property(
      k, PROP_HOP,
      g_param_spec_uint("hop", "Hop", "Frames between FFT starts (0: half the FFT size)", 0, 16384,
                        d.core.hop, kFlags));
  g_object_class_install_property(
      k, PROP_WINDOW,
      g_param_spec_enum("window", "Window", "Analysis window", window_type(), 0, kFlags));
  g_object_class_install_property(
      k, PROP_BANDS,
      g_param_spec_uint("bands", "Bands",
                        "Output bands (0: one per FFT bin); a band sums its bins' power", 0, 8193,
                        d.core.bands, kFlags));
  g_object_class_install_property(
      k, PROP_BAND_SCALE,
      g_param_spec_enum("band-scale", "Band scale", "How bins are grouped into bands", scale_type(),
                        0, kFlags));
  g_object_class_install_property(
      k, PROP_INTERVAL,
      g_param_spec_uint64("interval", "Interval", "Nanoseconds of audio between messages", 1,
                          G_MAXUINT64, d.interval_ns, kFlags));
  g_object_class_install_property(
      k, PROP_OUTPUT,
      g_param_spec_enum("output", "Output", "What each message carries", output_type(), 0, kFlags));
  g_object_class_install_property(
      k, PROP_MULTI_CHANNEL,
      g_param_spec_boolean("multi-channel", "Multi-channel",
                           "One result per channel instead of the channels' average", FALSE,
                           kFlags));
  g_object_class_install_property(
      k, PROP_THRESHOLD,
      g_param_spec_float("threshold", "Threshold", "Floor for magnitude-db values (dB)", -200.0f,
                         0.0f, d.core.threshold_db, kFlags));
  g_object_class_install_property(
      k, PROP_PAYLOAD,
      g_param_spec_enum("payload", "Payload",
                        "Message value type: list (as spectrum), array, or compact bytes",
                        payload_type(), 0, kFlags));
  g_object_class_install_property(
      k, PROP_POST_MESSAGES,
      g_param_spec_boolean("post-messages", "Post messages", "Post element messages on the bus",
                           TRUE, kFlags));
  g_object_class_install_property(
      k, PROP_MESSAGE_NAME,
      g_param_spec_string("message-name", "Message name",
                          "Structure name of the messages (\"spectrum\" for drop-in compatibility)",
                          d.message_name.c_str(), kFlags));
}

bool spectrum_set_property(SpectrumProps& p, guint id, const GValue* v) {
  switch (id) {
    case PROP_FFT_SIZE: {
      // The FFT handles powers of two only: round up rather than fail.
      std::size_t n = 64;
      while (n < g_value_get_uint(v)) n *= 2;
      p.core.fft_size = n;
      return true;
    }
    case PROP_HOP:
      p.core.hop = g_value_get_uint(v);
      return true;
    case PROP_WINDOW:
      p.core.window = static_cast<dsp::WindowType>(g_value_get_enum(v));
      return true;
    case PROP_BANDS:
      p.core.bands = g_value_get_uint(v);
      return true;
    case PROP_BAND_SCALE:
      p.core.band_scale = static_cast<dsp::BandScale>(g_value_get_enum(v));
      return true;
    case PROP_INTERVAL:
      p.interval_ns = g_value_get_uint64(v);
      return true;
    case PROP_OUTPUT:
      p.core.output = static_cast<dsp::SpectrumOutput>(g_value_get_enum(v));
      return true;
    case PROP_MULTI_CHANNEL:
      p.core.multi_channel = g_value_get_boolean(v);
      return true;
    case PROP_THRESHOLD:
      p.core.threshold_db = g_value_get_float(v);
      return true;
    case PROP_PAYLOAD:
      p.payload = static_cast<Payload>(g_value_get_enum(v));
      return true;
    case PROP_POST_MESSAGES:
      p.post_messages = g_value_get_boolean(v);
      return true;
    case PROP_MESSAGE_NAME:
      p.message_name = g_value_get_string(v) ? g_value_get_string(v) : "rfftspectrum";
      return true;
    default:
      return false;
  }
}

bool spectrum_get_property(const SpectrumProps& p, guint id, GValue* v) {
  switch (id) {
    case PROP_FFT_SIZE:
      g_value_set_uint(v, p.core.fft_size);
      return true;
    case PROP_HOP:
      g_value_set_uint(v, p.core.hop);
      return true;
    case PROP_WINDOW:
      g_value_set_enum(v, static_cast<gint>(p.core.window));
      return true;
    case PROP_BANDS:
      g_value_set_uint(v, p.core.bands);
      return true;
    case PROP_BAND_SCALE:
      g_value_set_enum(v, static_cast<gint>(p.core.band_scale));
      return true;
    case PROP_INTERVAL:
      g_value_set_uint64(v, p.interval_ns);
      return true;
    case PROP_OUTPUT:
      g_value_set_enum(v, static_cast<gint>(p.core.output));
      return true;
    case PROP_MULTI_CHANNEL:
      g_value_set_boolean(v, p.core.multi_channel);
      return true;
    case PROP_THRESHOLD:
      g_value_set_float(v, p.core.threshold_db);
      return true;
    case PROP_PAYLOAD:
      g_value_set_enum(v, static_cast<gint>(p.payload));
      return true;
    case PROP_POST_MESSAGES:
      g_value_set_boolean(v, p.post_messages);
      return true;
    case PROP_MESSAGE_NAME:
      g_value_set_string(v, p.message_name.c_str());
      return true;
    default:
      return false;
  }
}

}  // namespace lava::analysis
