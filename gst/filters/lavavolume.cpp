/**
 * SECTION:element-lavavolume
 * @title: lavavolume
 *
 * Applies Lavalink's `filters.volume` (0.0–5.0, 1.0 is neutral) with Lavalink's gain curve:
 * tan(0.79 v) up to 1.5, 1.6408 v above (so 0.5 is about -7.6 dB and 2.0 is 3.28x), clamped to
 * [-1, 1] on F32. A change ramps linearly across the next buffer, so it never clicks. Neutral
 * volume is passthrough.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audioconvert ! lavavolume volume=0.5 ! autoaudiosink
 * ]|
 */
#include <gst/audio/audio.h>
#include <gst/audio/gstaudiofilter.h>

#include "lavavolume.h"

#include <atomic>

#include "buffer_map.h"
#include "dsp/volume.h"

GST_DEBUG_CATEGORY_STATIC(lava_volume_debug);
#define GST_CAT_DEFAULT lava_volume_debug

namespace {

constexpr double kDefaultVolume = 1.0;
constexpr double kMaxVolume = 5.0;

struct State {
  float applied = static_cast<float>(kDefaultVolume);  // gain at the end of the last buffer
};

}  // namespace

struct _LavaVolume {
  GstAudioFilter parent;
  std::atomic<float>* target;  // written from any thread, read by the streaming thread
  State* state;
};

G_DEFINE_TYPE(LavaVolume, lava_volume, GST_TYPE_AUDIO_FILTER)
GST_ELEMENT_REGISTER_DEFINE(lavavolume, "lavavolume", GST_RANK_NONE, LAVA_TYPE_VOLUME)

enum { PROP_0, PROP_VOLUME };

#define LAVA_VOLUME_CAPS \
  "audio/x-raw, format = (string) { " GST_AUDIO_NE(F32) ", " GST_AUDIO_NE( \
      S16) " }, rate = (int) [ 1, MAX ], channels = (int) [ 1, MAX ], "    \
           "layout = (string) interleaved"

static float target_gain(LavaVolume* self) {
  return static_cast<float>(lava::dsp::lavalink_volume_gain(self->target->load()));
}

static void update_passthrough(LavaVolume* self) {
  const bool neutral = target_gain(self) == 1.0f && self->state->applied == 1.0f;
  gst_base_transform_set_passthrough(GST_BASE_TRANSFORM(self), neutral);
}

static void lava_volume_set_property(GObject* object, guint id, const GValue* value,
                                     GParamSpec* pspec) {
  LavaVolume* self = LAVA_VOLUME(object);
  switch (id) {
    case PROP_VOLUME:
      self->target->store(static_cast<float>(g_value_get_double(value)));
      // Leave passthrough now so the next buffer carries the ramp.
      gst_base_transform_set_passthrough(GST_BASE_TRANSFORM(self), FALSE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void lava_volume_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
  LavaVolume* self = LAVA_VOLUME(object);
  switch (id) {
    case PROP_VOLUME:
      g_value_set_double(value, self->target->load());
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static GstFlowReturn lava_volume_transform_ip(GstBaseTransform* trans, GstBuffer* buffer) {
  LavaVolume* self = LAVA_VOLUME(trans);
  GstAudioFilter* filter = GST_AUDIO_FILTER(trans);
  const float target = target_gain(self);
  const float from = self->state->applied;
  if (from == target && target == 1.0f) return GST_FLOW_OK;
  if (GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_GAP)) {
    self->state->applied = target;
    return GST_FLOW_OK;
  }

  lava::BufferMap map(buffer, GST_MAP_READWRITE);
  if (!map) {
    GST_ELEMENT_ERROR(self, STREAM, FAILED, (nullptr), ("could not map buffer writable"));
    return GST_FLOW_ERROR;
  }
  const unsigned channels = GST_AUDIO_INFO_CHANNELS(&filter->info);
  if (GST_AUDIO_INFO_FORMAT(&filter->info) == GST_AUDIO_FORMAT_F32)
    lava::dsp::apply_gain_ramp(map.as<float>(), channels, from, target);
  else
    lava::dsp::apply_gain_ramp(map.as<gint16>(), channels, from, target);
  self->state->applied = target;
  update_passthrough(self);
  return GST_FLOW_OK;
}

// A stream starts at the requested volume, not ramping from the old one (or from unity when the
// volume was set before the first stream).
static gboolean lava_volume_reset_ramp(GstBaseTransform* trans) {
  LavaVolume* self = LAVA_VOLUME(trans);
  self->state->applied = target_gain(self);
  return TRUE;
}

static void lava_volume_finalize(GObject* object) {
  LavaVolume* self = LAVA_VOLUME(object);
  delete self->target;
  delete self->state;
  G_OBJECT_CLASS(lava_volume_parent_class)->finalize(object);
}

static void lava_volume_class_init(LavaVolumeClass* klass) {
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  GstBaseTransformClass* trans_class = GST_BASE_TRANSFORM_CLASS(klass);

  GST_DEBUG_CATEGORY_INIT(lava_volume_debug, "lavavolume", 0, "Lavalink volume filter");

  gobject_class->set_property = lava_volume_set_property;
  gobject_class->get_property = lava_volume_get_property;
  gobject_class->finalize = lava_volume_finalize;

  g_object_class_install_property(
      gobject_class, PROP_VOLUME,
      g_param_spec_double(
          "volume", "Volume",
          "Lavalink's filters.volume (1.0 = unchanged), applied with Lavalink's gain "
          "curve; changes ramp over one buffer",
          0.0, kMaxVolume, kDefaultVolume,
          static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                   GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_PLAYING)));

  gst_element_class_set_static_metadata(element_class, "Lavalink volume", "Filter/Effect/Audio",
                                        "Scales audio as Lavalink's filters.volume does, with a "
                                        "click-free ramp on change",
                                        "gst-lavalink developers");

  GstCaps* caps = gst_caps_from_string(LAVA_VOLUME_CAPS);
  gst_audio_filter_class_add_pad_templates(GST_AUDIO_FILTER_CLASS(klass), caps);
  gst_caps_unref(caps);

  trans_class->transform_ip = lava_volume_transform_ip;
  trans_class->start = lava_volume_reset_ramp;
  trans_class->stop = lava_volume_reset_ramp;
  trans_class->transform_ip_on_passthrough = FALSE;
}

static void lava_volume_init(LavaVolume* self) {
  self->target = new std::atomic<float>(static_cast<float>(kDefaultVolume));
  self->state = new State();
  gst_base_transform_set_in_place(GST_BASE_TRANSFORM(self), TRUE);
  gst_base_transform_set_passthrough(GST_BASE_TRANSFORM(self), TRUE);
}
