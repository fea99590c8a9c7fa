#include "fusion/resamplenormmono_props.h"

#include <gst/gst.h>

namespace lava::fusion {

namespace {

enum {
  PROP_0,
  PROP_QUALITY,
  PROP_CHANNEL_WEIGHTS,
  PROP_MODE,
  PROP_TARGET_DB,
  PROP_ATTACK,
  PROP_RELEASE,
  PROP_MAX_GAIN_DB
};

GType mode_get_type() {
  static GType type = 0;
  static const GEnumValue values[] = {
      {static_cast<gint>(dsp::NormalizeMode::kNone), "No normalization", "none"},
      {static_cast<gint>(dsp::NormalizeMode::kPeak), "Peak level towards target-db", "peak"},
      {static_cast<gint>(dsp::NormalizeMode::kRms), "RMS level towards target-db", "rms"},
      {0, nullptr, nullptr}};
  if (g_once_init_enter(&type))
    g_once_init_leave(&type, g_enum_register_static("LavaRnmMode", values));
  return type;
}

constexpr GParamFlags kFlags =
    static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
constexpr GParamFlags kLiveFlags = static_cast<GParamFlags>(
    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

}  // namespace

void rnm_install_properties(GObjectClass* klass) {
  const RnmProps defaults;
  const dsp::NormalizerSettings& n = defaults.normalizer;
  g_object_class_install_property(
      klass, PROP_QUALITY,
      g_param_spec_int("quality", "Quality",
                       "Resampling quality: 0 (60 dB stop-band, fewest taps) to 10 (130 dB)", 0, 10,
                       defaults.quality, kFlags));
  g_object_class_install_property(
      klass, PROP_CHANNEL_WEIGHTS,
      gst_param_spec_array("channel-weights", "Channel weights",
                           "Downmix weight per input channel, e.g. <0.5,0.5>; empty averages all "
                           "channels. Must match the input channel count",
                           g_param_spec_float("weight", "Weight", "Weight of one channel", -16.0f,
                                              16.0f, 1.0f, kFlags),
                           kFlags));
  g_object_class_install_property(
      klass, PROP_MODE,
      g_param_spec_enum("mode", "Mode", "Level normalization applied after resampling",
                        mode_get_type(), static_cast<gint>(n.mode), kLiveFlags));
  g_object_class_install_property(
      klass, PROP_TARGET_DB,
      g_param_spec_double("target-db", "Target level", "Normalization target in dBFS (peak or RMS)",
                          -90.0, 0.0, n.target_db, kLiveFlags));
  g_object_class_install_property(
      klass, PROP_ATTACK,
      g_param_spec_double("attack", "Attack",
                          "Level envelope time constant while the level rises (ms)", 0.0, 10000.0,
                          n.attack_ms, kLiveFlags));
  g_object_class_install_property(
      klass, PROP_RELEASE,
      g_param_spec_double("release", "Release",
                          "Level envelope time constant while the level falls (ms)", 0.0, 60000.0,
                          n.release_ms, kLiveFlags));
  g_object_class_install_property(
      klass, PROP_MAX_GAIN_DB,
      g_param_spec_double("max-gain-db", "Maximum gain",
                          "Bound on the normalization gain in dB (also bounds attenuation)", 0.0,
                          60.0, n.max_gain_db, kLiveFlags));
}

bool rnm_set_property(RnmProps& props, guint id, const GValue* value) {
  switch (id) {
    case PROP_QUALITY:
      props.quality = g_value_get_int(value);
      return true;
    case PROP_CHANNEL_WEIGHTS:
      props.channel_weights.clear();
      for (guint i = 0; i < gst_value_array_get_size(value); ++i)
        props.channel_weights.push_back(g_value_get_float(gst_value_array_get_value(value, i)));
      return true;
    case PROP_MODE:
      props.normalizer.mode = static_cast<dsp::NormalizeMode>(g_value_get_enum(value));
      return true;
    case PROP_TARGET_DB:
      props.normalizer.target_db = g_value_get_double(value);
      return true;
    case PROP_ATTACK:
      props.normalizer.attack_ms = g_value_get_double(value);
      return true;
    case PROP_RELEASE:
      props.normalizer.release_ms = g_value_get_double(value);
      return true;
    case PROP_MAX_GAIN_DB:
      props.normalizer.max_gain_db = g_value_get_double(value);
      return true;
    default:
      return false;
  }
}

bool rnm_get_property(const RnmProps& props, guint id, GValue* value) {
  switch (id) {
    case PROP_QUALITY:
      g_value_set_int(value, props.quality);
      return true;
    case PROP_CHANNEL_WEIGHTS:
      for (float w : props.channel_weights) {
        GValue v = G_VALUE_INIT;
        g_value_init(&v, G_TYPE_FLOAT);
        g_value_set_float(&v, w);
        gst_value_array_append_and_take_value(value, &v);
      }
      return true;
    case PROP_MODE:
      g_value_set_enum(value, static_cast<gint>(props.normalizer.mode));
      return true;
    case PROP_TARGET_DB:
      g_value_set_double(value, props.normalizer.target_db);
      return true;
    case PROP_ATTACK:
      g_value_set_double(value, props.normalizer.attack_ms);
      return true;
    case PROP_RELEASE:
      g_value_set_double(value, props.normalizer.release_ms);
      return true;
    case PROP_MAX_GAIN_DB:
      g_value_set_double(value, props.normalizer.max_gain_db);
      return true;
    default:
      return false;
  }
}

}  // namespace lava::fusion
