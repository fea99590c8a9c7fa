#include "filter_element.h"

#include <gst/audio/audio.h>

#include <atomic>
#include <mutex>

#include "buffer_map.h"
#include "dsp/filter_chain.h"
#include "gobject_ptr.h"
#include "stretch_timeline.h"

GST_DEBUG_CATEGORY_STATIC(lava_filter_element_debug);
#define GST_CAT_DEFAULT lava_filter_element_debug

namespace {

// Output buffers while stretching: 1024 frames (21 ms at 48 kHz) from a pool.
constexpr guint kOutFrames = 1024;

struct State {
  GstPad* sinkpad = nullptr;
  GstPad* srcpad = nullptr;

  std::mutex lock;  // guards `requested`
  lava::filters::FilterParams requested;
  std::atomic<guint64> generation{1};
  std::atomic<GstClockTime> latency{0};  // what the timescale adds, 0 while it is off

  // Streaming thread only (but chain.apply_timescale(), which any thread may call).
  guint64 applied_generation = 0;
  lava::dsp::FilterChain chain;
  GstAudioInfo info{};
  bool configured = false;
  lava::StretchTimeline timeline;
  GstBufferPool* pool = nullptr;
};

State* state_of(LavaFilterElement* self);

void release_pool(State* s) {
  if (s->pool == nullptr) return;
  gst_buffer_pool_set_active(s->pool, FALSE);
  gst_object_unref(s->pool);
  s->pool = nullptr;
}

void sync_params(State* s) {
  const guint64 generation = s->generation.load(std::memory_order_acquire);
  if (generation == s->applied_generation) return;
  lava::filters::FilterParams params;
  {
    std::lock_guard<std::mutex> guard(s->lock);
    params = s->requested;
  }
  s->applied_generation = generation;
  s->chain.set_params(params);
}

// Stores what the timescale in `params` holds back and tells the pipeline if that changed.
void refresh_latency(State* s, const lava::filters::FilterParams& params) {
  const double seconds =
      lava::filters::timescale_active(params) ? s->chain.timescale().latency_seconds() : 0.0;
  const auto latency = static_cast<GstClockTime>(seconds * GST_SECOND);
  if (s->latency.exchange(latency) == latency) return;
  GstObject* element = s->srcpad != nullptr ? GST_OBJECT_PARENT(s->srcpad) : nullptr;
  if (element != nullptr)
    gst_element_post_message(GST_ELEMENT(element), gst_message_new_latency(element));
}

// Upstream's latency plus what the timescale holds back.
gboolean src_query(GstPad* pad, GstObject* parent, GstQuery* query) {
  if (GST_QUERY_TYPE(query) != GST_QUERY_LATENCY) return gst_pad_query_default(pad, parent, query);
  State* s = state_of(LAVA_FILTER_ELEMENT(parent));
  if (!gst_pad_peer_query(s->sinkpad, query)) return FALSE;
  gboolean live = FALSE;
  GstClockTime min = 0, max = GST_CLOCK_TIME_NONE;
  gst_query_parse_latency(query, &live, &min, &max);
  const GstClockTime ours = s->latency.load();
  gst_query_set_latency(query, live, min + ours, GST_CLOCK_TIME_IS_VALID(max) ? max + ours : max);
  return TRUE;
}

// Pushes whatever SoundTouch has ready, post-processed and stamped.
GstFlowReturn push_stretched(State* s) {
  const unsigned channels = s->chain.channels();
  const int rate = GST_AUDIO_INFO_RATE(&s->info);
  for (;;) {
    GstBuffer* out = nullptr;
    if (gst_buffer_pool_acquire_buffer(s->pool, &out, nullptr) != GST_FLOW_OK)
      return GST_FLOW_FLUSHING;
    gsize frames = 0;
    {
      lava::BufferMap map(out, GST_MAP_WRITE);
      auto samples = map.as<float>().first(kOutFrames * channels);
      frames = s->chain.timescale().receive(samples);
      s->chain.process_post(samples.first(frames * channels));
    }
    if (frames == 0) {
      gst_buffer_unref(out);
      return GST_FLOW_OK;
    }
    gst_buffer_resize(out, 0, static_cast<gssize>(frames * channels * sizeof(float)));
    s->timeline.stamp(out, frames, rate);
    const GstFlowReturn ret = gst_pad_push(s->srcpad, out);
    if (ret != GST_FLOW_OK) return ret;
  }
}

GstFlowReturn drain_stretch(State* s) {
  if (!s->timeline.stretching()) return GST_FLOW_OK;
  s->chain.timescale().flush();
  const GstFlowReturn ret = push_stretched(s);
  s->chain.timescale().clear();
  s->timeline.leave_stretch();
  return ret;
}

// Runs the filters in place; with timescale on, the pre-timescale part feeds SoundTouch and what
// comes out is pushed in new buffers.
GstFlowReturn process(State* s, GstBuffer* buffer, bool stretch) {
  buffer = gst_buffer_make_writable(buffer);
  {
    lava::BufferMap map(buffer, GST_MAP_READWRITE);
    if (!map) {
      gst_buffer_unref(buffer);
      return GST_FLOW_ERROR;
    }
    s->chain.process_pre(map.as<float>());
    if (stretch)
      s->chain.timescale().put(map.as<float>());
    else
      s->chain.process_post(map.as<float>());
  }
  if (stretch) {
    gst_buffer_unref(buffer);
    return push_stretched(s);
  }
  GST_BUFFER_FLAG_UNSET(buffer, GST_BUFFER_FLAG_GAP);
  return gst_pad_push(s->srcpad, buffer);
}

GstFlowReturn chain_func(GstPad*, GstObject* parent, GstBuffer* buffer) {
  State* s = state_of(LAVA_FILTER_ELEMENT(parent));
  if (!s->configured) {
    gst_buffer_unref(buffer);
    GST_ELEMENT_ERROR(parent, CORE, NEGOTIATION, (nullptr), ("buffer before caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  const GstClockTime pts = GST_BUFFER_PTS(buffer);
  if (GST_CLOCK_TIME_IS_VALID(pts) && gst_object_has_active_control_bindings(parent))
    gst_object_sync_values(
        parent, gst_segment_to_stream_time(&s->timeline.input_segment(), GST_FORMAT_TIME, pts));
  sync_params(s);
  const bool stretch = s->chain.timescale_on();
  if (!stretch) {
    const GstFlowReturn ret = drain_stretch(s);
    if (ret != GST_FLOW_OK) {
      gst_buffer_unref(buffer);
      return ret;
    }
  }
  if (GstEvent* segment =
          s->timeline.begin_input(pts, stretch, 1.0 / s->chain.timescale().stretch()))
    gst_pad_push_event(s->srcpad, segment);
  if (GST_CLOCK_TIME_IS_VALID(pts) && GST_BUFFER_DURATION_IS_VALID(buffer))
    s->timeline.end_input(pts + GST_BUFFER_DURATION(buffer));
  if (!stretch && !s->chain.pre_active() && !s->chain.post_active()) {
    s->chain.passed_through();
    return gst_pad_push(s->srcpad, buffer);
  }
  return process(s, buffer, stretch);
}

bool configure(LavaFilterElement* self, State* s, GstCaps* caps) {
  GstAudioInfo info;
  if (!gst_audio_info_from_caps(&info, caps) ||
      GST_AUDIO_INFO_FORMAT(&info) != GST_AUDIO_FORMAT_F32) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, (nullptr), ("unsupported caps"));
    return false;
  }
  release_pool(s);
  s->info = info;
  const unsigned channels = static_cast<unsigned>(GST_AUDIO_INFO_CHANNELS(&info));
  s->chain.configure(static_cast<unsigned>(GST_AUDIO_INFO_RATE(&info)), channels);
  s->applied_generation = 0;  // re-apply the parameters to the fresh chain
  sync_params(s);
  refresh_latency(s, lava_filter_element_params(self));
  s->pool = gst_buffer_pool_new();
  GstStructure* config = gst_buffer_pool_get_config(s->pool);
  gst_buffer_pool_config_set_params(config, caps, kOutFrames * channels * sizeof(float), 0, 0);
  s->configured =
      gst_buffer_pool_set_config(s->pool, config) && gst_buffer_pool_set_active(s->pool, TRUE);
  return s->configured;
}

gboolean sink_event(GstPad* pad, GstObject* parent, GstEvent* event) {
  auto* self = LAVA_FILTER_ELEMENT(parent);
  State* s = state_of(self);
  switch (GST_EVENT_TYPE(event)) {
    case GST_EVENT_CAPS: {
      GstCaps* caps = nullptr;
      gst_event_parse_caps(event, &caps);
      drain_stretch(s);
      if (!configure(self, s, caps)) {
        gst_event_unref(event);
        return FALSE;
      }
      break;
    }
    case GST_EVENT_SEGMENT: {
      sync_params(s);
      drain_stretch(s);
      const GstSegment* segment = nullptr;
      gst_event_parse_segment(event, &segment);
      s->timeline.set_input_segment(*segment);
      // Our own (possibly rewritten) segment goes out now, so sticky events that follow (tags)
      // stay after it.
      GstEvent* out = s->timeline.begin_input(segment->start, s->chain.timescale_on(),
                                              1.0 / s->chain.timescale().stretch());
      gst_event_unref(event);
      return out != nullptr ? gst_pad_push_event(s->srcpad, out) : TRUE;
    }
    case GST_EVENT_FLUSH_STOP:
      s->chain.reset();
      s->timeline.reset();
      break;
    case GST_EVENT_EOS:
      sync_params(s);
      drain_stretch(s);
      break;
    default:
      break;
  }
  return gst_pad_event_default(pad, parent, event);
}

}  // namespace

typedef struct {
  State* state;
} LavaFilterElementPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE(LavaFilterElement, lava_filter_element, GST_TYPE_ELEMENT)

namespace {

State* state_of(LavaFilterElement* self) {
  return static_cast<LavaFilterElementPrivate*>(lava_filter_element_get_instance_private(self))
      ->state;
}

}  // namespace

static void lava_filter_element_constructed(GObject* object);

static GstStateChangeReturn lava_filter_element_change_state(GstElement* element,
                                                             GstStateChange transition) {
  GstStateChangeReturn ret =
      GST_ELEMENT_CLASS(lava_filter_element_parent_class)->change_state(element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    State* s = state_of(LAVA_FILTER_ELEMENT(element));
    release_pool(s);
    s->configured = false;
    s->timeline.reset();
  }
  return ret;
}

static void lava_filter_element_finalize(GObject* object) {
  State* s = state_of(LAVA_FILTER_ELEMENT(object));
  release_pool(s);
  delete s;
  G_OBJECT_CLASS(lava_filter_element_parent_class)->finalize(object);
}

static void lava_filter_element_class_init(LavaFilterElementClass* klass) {
  GST_DEBUG_CATEGORY_INIT(lava_filter_element_debug, "lavafilterelement", 0,
                          "Lavalink filter element base");
  G_OBJECT_CLASS(klass)->finalize = lava_filter_element_finalize;
  G_OBJECT_CLASS(klass)->constructed = lava_filter_element_constructed;
  GST_ELEMENT_CLASS(klass)->change_state = lava_filter_element_change_state;
}

static void lava_filter_element_init(LavaFilterElement* self) {
  auto* priv =
      static_cast<LavaFilterElementPrivate*>(lava_filter_element_get_instance_private(self));
  priv->state = new State();
}

// The pads come from the subclass's templates, so they are made once the final class is set.
static void lava_filter_element_constructed(GObject* object) {
  G_OBJECT_CLASS(lava_filter_element_parent_class)->constructed(object);
  auto* self = LAVA_FILTER_ELEMENT(object);
  State* s = state_of(self);
  auto* filter_class = LAVA_FILTER_ELEMENT_GET_CLASS(self);
  if (filter_class->enable != nullptr)
    lava_filter_element_update(self, [&](auto& p) {
      filter_class->enable(p);
      return true;
    });
  GstElementClass* klass = GST_ELEMENT_GET_CLASS(self);
  s->sinkpad = gst_pad_new_from_template(gst_element_class_get_pad_template(klass, "sink"), "sink");
  s->srcpad = gst_pad_new_from_template(gst_element_class_get_pad_template(klass, "src"), "src");
  gst_pad_set_chain_function(s->sinkpad, chain_func);
  gst_pad_set_event_function(s->sinkpad, sink_event);
  gst_pad_set_query_function(s->srcpad, src_query);
  GST_PAD_SET_PROXY_CAPS(s->sinkpad);
  GST_PAD_SET_PROXY_CAPS(s->srcpad);
  gst_element_add_pad(GST_ELEMENT(self), s->sinkpad);
  gst_element_add_pad(GST_ELEMENT(self), s->srcpad);
}

void lava_filter_element_class_add_templates(GstElementClass* klass, const char* channels) {
  lava::GCharPtr caps_text(
      g_strdup_printf("audio/x-raw, format = (string) " GST_AUDIO_NE(
                          F32) ", rate = (int) [ 1, MAX ], channels = (int) %s, "
                               "layout = (string) interleaved",
                      channels));
  GstCaps* caps = gst_caps_from_string(caps_text.get());
  gst_element_class_add_pad_template(
      klass, gst_pad_template_new("sink", GST_PAD_SINK, GST_PAD_ALWAYS, caps));
  gst_element_class_add_pad_template(
      klass, gst_pad_template_new("src", GST_PAD_SRC, GST_PAD_ALWAYS, caps));
  gst_caps_unref(caps);
}

bool lava_filter_element_update(LavaFilterElement* self,
                                const std::function<bool(lava::filters::FilterParams&)>& change) {
  State* s = state_of(self);
  lava::filters::FilterParams now;
  {
    std::lock_guard<std::mutex> guard(s->lock);
    if (!change(s->requested)) return false;
    // Under the lock, so the streaming thread never sees a new pitch or rate before SoundTouch
    // has it (and would redesign SoundTouch's filter itself, allocating).
    s->chain.apply_timescale(s->requested);
    s->generation.fetch_add(1, std::memory_order_release);
    now = s->requested;
  }
  refresh_latency(s, now);
  return true;
}

lava::filters::FilterParams lava_filter_element_params(LavaFilterElement* self) {
  State* s = state_of(self);
  std::lock_guard<std::mutex> guard(s->lock);
  return s->requested;
}

void lava_filter_element_set_property(GObject* object, guint id, const GValue* value,
                                      GParamSpec* pspec) {
  auto* klass = LAVA_FILTER_ELEMENT_GET_CLASS(object);
  if (id == 0 || id > klass->n_properties) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    return;
  }
  const LavaFilterProperty& property = klass->properties[id - 1];
  const double v = g_value_get_double(value);
  lava_filter_element_update(LAVA_FILTER_ELEMENT(object), [&](auto& p) {
    property.set(p, v);
    return true;
  });
}

void lava_filter_element_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
  auto* klass = LAVA_FILTER_ELEMENT_GET_CLASS(object);
  if (id == 0 || id > klass->n_properties) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    return;
  }
  g_value_set_double(value, klass->properties[id - 1].get(
                                lava_filter_element_params(LAVA_FILTER_ELEMENT(object))));
}

void lava_filter_element_class_install_properties(LavaFilterElementClass* klass,
                                                  const LavaFilterProperty* properties, guint n,
                                                  void (*enable)(lava::filters::FilterParams&)) {
  klass->properties = properties;
  klass->n_properties = n;
  klass->enable = enable;
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  gobject_class->set_property = lava_filter_element_set_property;
  gobject_class->get_property = lava_filter_element_get_property;
  const auto flags = static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                              GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_PLAYING);
  for (guint i = 0; i < n; ++i) {
    const LavaFilterProperty& p = properties[i];
    g_object_class_install_property(
        gobject_class, i + 1,
        g_param_spec_double(p.name, p.nick, p.blurb, p.minimum, p.maximum, p.default_value, flags));
  }
}

void lava_filter_element_class_setup(LavaFilterElementClass* klass,
                                     const LavaFilterElementInfo& info) {
  lava_filter_element_class_install_properties(klass, info.properties, info.n_properties,
                                               info.enable);
  gst_element_class_set_static_metadata(GST_ELEMENT_CLASS(klass), info.long_name,
                                        "Filter/Effect/Audio", info.description,
                                        "gst-lavalink developers");
  lava_filter_element_class_add_templates(GST_ELEMENT_CLASS(klass), info.channels);
}
