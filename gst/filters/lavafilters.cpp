/**
 * SECTION:element-lavafilters
 * @title: lavafilters
 *
 * Applies a Lavalink v4 `filters` object (volume, equalizer, karaoke, timescale, tremolo,
 * vibrato, rotation, distortion, channelMix, lowPass) in the order audio flows through
 * Lavalink's filter chain. Only active filters run; with none active buffers pass untouched.
 * The `filters` property can be set from any thread while playing: the streaming thread picks up
 * the new object at its next buffer and changes ramp or cross-fade over one block. An invalid
 * object posts a warning naming the field and the previous filters stay in effect.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc wave=saw ! audio/x-raw,format=F32LE,rate=48000,channels=2 ! \
 *   lavafilters
 * filters='{"timescale":{"speed":1.25,"pitch":1.25},"equalizer":[{"band":0,"gain":0.3}]}' ! \
 *   audioconvert ! autoaudiosink
 * ]|
 */
#include "lavafilters.h"

#include <mutex>
#include <string>

GST_DEBUG_CATEGORY_STATIC(lava_filters_debug);
#define GST_CAT_DEFAULT lava_filters_debug

struct _LavaFilters {
  LavaFilterElement parent;
  std::mutex* lock;  // guards settings (the echo) against concurrent set/get
  lava::filters::FilterSettings* settings;
};

G_DEFINE_TYPE(LavaFilters, lava_filters, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavafilters, "lavafilters", GST_RANK_NONE, LAVA_TYPE_FILTERS)

enum { PROP_0, PROP_FILTERS };

static void set_filters(LavaFilters* self, const char* json) {
  lava::filters::FilterSettings parsed;
  std::string error;
  if (!lava::filters::parse_filters(json != nullptr ? json : "{}", parsed, error)) {
    GST_ELEMENT_WARNING(self, LIBRARY, SETTINGS, ("%s", error.c_str()),
                        ("rejected filters, the previous ones stay in effect: %s", json));
    return;
  }
  std::lock_guard<std::mutex> guard(*self->lock);
  lava_filter_element_update(LAVA_FILTER_ELEMENT(self), [&](lava::filters::FilterParams& p) {
    p = parsed;
    return true;
  });
  *self->settings = std::move(parsed);
}

static void lava_filters_set_property(GObject* object, guint id, const GValue* value,
                                      GParamSpec* pspec) {
  if (id == PROP_FILTERS)
    set_filters(LAVA_FILTERS(object), g_value_get_string(value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void lava_filters_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
  LavaFilters* self = LAVA_FILTERS(object);
  if (id == PROP_FILTERS) {
    std::lock_guard<std::mutex> guard(*self->lock);
    g_value_set_string(value, lava::filters::to_json(*self->settings).c_str());
  } else {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void lava_filters_finalize(GObject* object) {
  LavaFilters* self = LAVA_FILTERS(object);
  delete self->settings;
  delete self->lock;
  G_OBJECT_CLASS(lava_filters_parent_class)->finalize(object);
}

static void lava_filters_class_init(LavaFiltersClass* klass) {
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  GST_DEBUG_CATEGORY_INIT(lava_filters_debug, "lavafilters", 0, "Lavalink filter chain");
  gobject_class->set_property = lava_filters_set_property;
  gobject_class->get_property = lava_filters_get_property;
  gobject_class->finalize = lava_filters_finalize;
  g_object_class_install_property(
      gobject_class, PROP_FILTERS,
      g_param_spec_string(
          "filters", "Filters",
          "Lavalink v4 filters object as JSON; reads back Lavalink's echo of it. An invalid "
          "object is rejected with a warning and the previous filters stay",
          "{}",
          static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                   GST_PARAM_MUTABLE_PLAYING)));
  gst_element_class_set_static_metadata(
      element_class, "Lavalink filters", "Filter/Effect/Audio",
      "Applies a Lavalink filters object (volume, equalizer, karaoke, timescale, tremolo, "
      "vibrato, rotation, distortion, channelMix, lowPass) in Lavalink's chain order",
      "gst-lavalink developers");
  lava_filter_element_class_add_templates(element_class, "[ 1, MAX ]");
}

static void lava_filters_init(LavaFilters* self) {
  self->lock = new std::mutex();
  self->settings = new lava::filters::FilterSettings();
}
