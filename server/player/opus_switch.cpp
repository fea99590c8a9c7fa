#include "opus_switch.h"

#include <opus.h>

#include <cstdint>
#include <cstring>

namespace {

// What discordvoicesink takes; in passthrough the switch announces it itself, since the
// transcoding chain's caps may never come (nothing flowed through it).
constexpr const char* kVoiceCaps = "audio/x-opus, rate = (int) 48000, channels = (int) 2";
constexpr int kFrameSamples = 960;  // 20 ms at 48 kHz: what Discord expects per packet

// The route: demuxed packets in; Opus voice frames out of `pass_src` while passthrough is on,
// everything else out of `transcode_src`.
struct LavaOpusRoute {
  GstElement parent;
  GstPad* sink;
  GstPad* pass_src;
  GstPad* transcode_src;
  gint passthrough;  // g_atomic: set by the player from any thread
  // Streaming thread only: the stream on `sink` is stereo 48 kHz Opus.
  gboolean opus_input;
  GstEvent* stream_start;  // held until the caps say which way the stream goes
  GstEvent* segment;       // the stream's, for the chain after it is reset
  gboolean transcoding;    // the last packet went through the transcoding chain (g_atomic)
  guint64 passed;          // under the object lock
};

// The join: the voice sink's single input, from `pass_sink` and from `transcoded_sink`.
struct LavaOpusJoin {
  GstElement parent;
  GstPad* pass_sink;
  GstPad* transcoded_sink;
  GstPad* src;
};

struct LavaOpusRouteClass {
  GstElementClass parent_class;
};
struct LavaOpusJoinClass {
  GstElementClass parent_class;
};

enum { PROP_0, PROP_PASSTHROUGH, PROP_PASSTHROUGH_FRAMES, PROP_TRANSCODING, N_PROPS };
GParamSpec* route_props[N_PROPS];

GstStaticPadTemplate route_sink_template =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
GstStaticPadTemplate pass_src_template =
    GST_STATIC_PAD_TEMPLATE("pass_src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(kVoiceCaps));
GstStaticPadTemplate transcode_src_template =
    GST_STATIC_PAD_TEMPLATE("transcode_src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
GstStaticPadTemplate pass_sink_template =
    GST_STATIC_PAD_TEMPLATE("pass_sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS(kVoiceCaps));
GstStaticPadTemplate transcoded_sink_template = GST_STATIC_PAD_TEMPLATE(
    "transcoded_sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS("audio/x-opus"));
GstStaticPadTemplate join_src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(kVoiceCaps));

GType lava_opus_route_get_type();
GType lava_opus_join_get_type();
G_DEFINE_TYPE(LavaOpusRoute, lava_opus_route, GST_TYPE_ELEMENT)
G_DEFINE_TYPE(LavaOpusJoin, lava_opus_join, GST_TYPE_ELEMENT)

LavaOpusRoute* route_of(GstObject* parent) {
  return reinterpret_cast<LavaOpusRoute*>(parent);
}

LavaOpusJoin* join_of(GstObject* parent) {
  return reinterpret_cast<LavaOpusJoin*>(parent);
}

bool is_voice_opus(GstCaps* caps) {
  const GstStructure* s =
      caps && gst_caps_get_size(caps) > 0 ? gst_caps_get_structure(caps, 0) : nullptr;
  if (!s || !gst_structure_has_name(s, "audio/x-opus")) return false;
  gint rate = 0, channels = 0, family = 0;
  gst_structure_get_int(s, "rate", &rate);
  gst_structure_get_int(s, "channels", &channels);
  gst_structure_get_int(s, "channel-mapping-family", &family);
  return rate == 48000 && channels == 2 && family == 0;
}

bool is_header(const std::uint8_t* data, gsize size) {
  return size >= 8 &&
         (std::memcmp(data, "OpusHead", 8) == 0 || std::memcmp(data, "OpusTags", 8) == 0);
}

// A packet the sink can send as it is: one 20 ms Opus packet. Anything else (other frame sizes,
// which an encoder may choose per packet) takes the transcoding chain.
enum class Packet { kVoiceFrame, kHeader, kOther };

Packet classify(GstBuffer* buffer) {
  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return Packet::kOther;
  Packet kind = Packet::kOther;
  if (GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER) || is_header(map.data, map.size))
    kind = Packet::kHeader;
  else if (map.size > 0 && opus_packet_get_nb_samples(map.data, static_cast<opus_int32>(map.size),
                                                      48000) == kFrameSamples)
    kind = Packet::kVoiceFrame;
  gst_buffer_unmap(buffer, &map);
  return kind;
}

// Streaming thread (or a state change): notifies `transcoding` when it turns.
void set_transcoding(LavaOpusRoute* self, gboolean transcoding) {
  if (g_atomic_int_get(&self->transcoding) == transcoding) return;
  g_atomic_int_set(&self->transcoding, transcoding);
  g_object_notify_by_pspec(G_OBJECT(self), route_props[PROP_TRANSCODING]);
}

// Back to passthrough: what the chain still holds (the encoder's last partial frame, filter
// state) is of the past and must not come out later, say when the stream ends. A flush empties
// it; the segment goes in again so that it can take over cleanly next time.
void reset_chain(LavaOpusRoute* self) {
  gst_pad_push_event(self->transcode_src, gst_event_new_flush_start());
  gst_pad_push_event(self->transcode_src, gst_event_new_flush_stop(FALSE));
  if (self->segment) gst_pad_push_event(self->transcode_src, gst_event_ref(self->segment));
  set_transcoding(self, FALSE);
}

GstFlowReturn route_chain(GstPad*, GstObject* parent, GstBuffer* buffer) {
  LavaOpusRoute* self = route_of(parent);
  if (self->opus_input && g_atomic_int_get(&self->passthrough)) {
    switch (classify(buffer)) {
      case Packet::kHeader:
        gst_buffer_unref(buffer);
        return GST_FLOW_OK;
      case Packet::kVoiceFrame:
        if (g_atomic_int_get(&self->transcoding)) reset_chain(self);
        GST_OBJECT_LOCK(self);
        ++self->passed;
        GST_OBJECT_UNLOCK(self);
        return gst_pad_push(self->pass_src, buffer);
      case Packet::kOther:
        break;
    }
  }
  set_transcoding(self, TRUE);
  return gst_pad_push(self->transcode_src, buffer);
}

// Events from the demuxer all go into the transcoding chain, which must be ready to take over at
// any packet. For an Opus stream `pass_src` carries the stream's stream-start, the voice caps and
// the segment too, which tells the join that the stream is Opus; flushes go both ways so that a
// seek unblocks a sink waiting on its full ring at once.
gboolean route_sink_event(GstPad*, GstObject* parent, GstEvent* event) {
  LavaOpusRoute* self = route_of(parent);
  switch (GST_EVENT_TYPE(event)) {
    case GST_EVENT_STREAM_START:
      gst_event_replace(&self->stream_start, event);
      break;
    case GST_EVENT_CAPS: {
      GstCaps* caps = nullptr;
      gst_event_parse_caps(event, &caps);
      self->opus_input = is_voice_opus(caps);
      if (self->opus_input) {
        if (self->stream_start)
          gst_pad_push_event(self->pass_src, gst_event_ref(self->stream_start));
        GstCaps* voice = gst_caps_from_string(kVoiceCaps);
        gst_pad_push_event(self->pass_src, gst_event_new_caps(voice));
        gst_caps_unref(voice);
      }
      break;
    }
    case GST_EVENT_SEGMENT:
      gst_event_replace(&self->segment, event);
      if (self->opus_input) gst_pad_push_event(self->pass_src, gst_event_ref(event));
      break;
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP:
      gst_pad_push_event(self->transcode_src, gst_event_ref(event));
      return gst_pad_push_event(self->pass_src, event);
    case GST_EVENT_EOS:
      if (self->opus_input) {
        // The chain drains first (its last packets still go out), then the stream ends on the
        // passthrough side: a chain that never decoded anything may not pass an EOS on.
        gst_pad_push_event(self->transcode_src, gst_event_ref(event));
        return gst_pad_push_event(self->pass_src, event);
      }
      break;
    default:
      break;
  }
  return gst_pad_push_event(self->transcode_src, event);
}

// Seeks and other upstream events from the sink come through the join's passthrough link and go
// to the demuxer; the transcoding chain's own (reconfigure, QoS) end here.
gboolean pass_src_event(GstPad*, GstObject* parent, GstEvent* event) {
  return gst_pad_push_event(route_of(parent)->sink, event);
}

gboolean transcode_src_event(GstPad*, GstObject*, GstEvent* event) {
  gst_event_unref(event);
  return TRUE;
}

// The join is in passthrough mode for a stream whose caps came over the passthrough link.
bool join_has_opus(LavaOpusJoin* self) {
  return gst_pad_has_current_caps(self->pass_sink);
}

GstFlowReturn join_chain(GstPad*, GstObject* parent, GstBuffer* buffer) {
  return gst_pad_push(join_of(parent)->src, buffer);
}

gboolean pass_sink_event(GstPad*, GstObject* parent, GstEvent* event) {
  return gst_pad_push_event(join_of(parent)->src, event);
}

// For an Opus stream `src` already has the stream's events from the passthrough side; for any
// other stream the chain's own go on. Flushes always come over the passthrough link.
gboolean transcoded_sink_event(GstPad*, GstObject* parent, GstEvent* event) {
  LavaOpusJoin* self = join_of(parent);
  const GstEventType type = GST_EVENT_TYPE(event);
  if (join_has_opus(self) || type == GST_EVENT_FLUSH_START || type == GST_EVENT_FLUSH_STOP) {
    gst_event_unref(event);
    return TRUE;
  }
  return gst_pad_push_event(self->src, event);
}

gboolean join_src_event(GstPad*, GstObject* parent, GstEvent* event) {
  return gst_pad_push_event(join_of(parent)->pass_sink, event);
}

// Queries follow the same paths: the sink's (position, duration, seeking) over the passthrough
// link to the demuxer, the demuxer's into the transcoding chain, the encoder's (caps) to the sink.
GstIterator* single_pad(GstPad* other) {
  GValue value = G_VALUE_INIT;
  g_value_init(&value, GST_TYPE_PAD);
  g_value_set_object(&value, other);
  GstIterator* it = gst_iterator_new_single(GST_TYPE_PAD, &value);
  g_value_unset(&value);
  return it;
}

GstIterator* route_links(GstPad* pad, GstObject* parent) {
  LavaOpusRoute* self = route_of(parent);
  return single_pad(pad == self->sink ? self->transcode_src : self->sink);
}

GstIterator* join_links(GstPad* pad, GstObject* parent) {
  LavaOpusJoin* self = join_of(parent);
  return single_pad(pad == self->src ? self->pass_sink : self->src);
}

GstPad* add_pad(GstElement* element, GstStaticPadTemplate* templ, GstPadIterIntLinkFunction links) {
  GstPad* pad = gst_pad_new_from_static_template(templ, templ->name_template);
  gst_pad_set_iterate_internal_links_function(pad, links);
  gst_element_add_pad(element, pad);
  return pad;
}

void lava_opus_route_init(LavaOpusRoute* self) {
  GstElement* e = GST_ELEMENT(self);
  self->sink = add_pad(e, &route_sink_template, route_links);
  gst_pad_set_chain_function(self->sink, route_chain);
  gst_pad_set_event_function(self->sink, route_sink_event);
  GST_PAD_SET_PROXY_CAPS(self->sink);
  GST_PAD_SET_PROXY_ALLOCATION(self->sink);
  self->pass_src = add_pad(e, &pass_src_template, route_links);
  gst_pad_set_event_function(self->pass_src, pass_src_event);
  self->transcode_src = add_pad(e, &transcode_src_template, route_links);
  gst_pad_set_event_function(self->transcode_src, transcode_src_event);
  self->passthrough = FALSE;
  self->opus_input = FALSE;
  self->stream_start = nullptr;
  self->segment = nullptr;
  self->transcoding = FALSE;
  self->passed = 0;
}

void lava_opus_join_init(LavaOpusJoin* self) {
  GstElement* e = GST_ELEMENT(self);
  self->pass_sink = add_pad(e, &pass_sink_template, join_links);
  gst_pad_set_chain_function(self->pass_sink, join_chain);
  gst_pad_set_event_function(self->pass_sink, pass_sink_event);
  self->transcoded_sink = add_pad(e, &transcoded_sink_template, join_links);
  gst_pad_set_chain_function(self->transcoded_sink, join_chain);
  gst_pad_set_event_function(self->transcoded_sink, transcoded_sink_event);
  GST_PAD_SET_PROXY_CAPS(self->transcoded_sink);
  self->src = add_pad(e, &join_src_template, join_links);
  gst_pad_set_event_function(self->src, join_src_event);
}

void route_set_property(GObject* object, guint id, const GValue* value, GParamSpec* pspec) {
  auto* self = reinterpret_cast<LavaOpusRoute*>(object);
  if (id == PROP_PASSTHROUGH)
    g_atomic_int_set(&self->passthrough, g_value_get_boolean(value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

void route_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
  auto* self = reinterpret_cast<LavaOpusRoute*>(object);
  if (id == PROP_PASSTHROUGH) {
    g_value_set_boolean(value, g_atomic_int_get(&self->passthrough));
  } else if (id == PROP_PASSTHROUGH_FRAMES) {
    GST_OBJECT_LOCK(self);
    g_value_set_uint64(value, self->passed);
    GST_OBJECT_UNLOCK(self);
  } else if (id == PROP_TRANSCODING) {
    g_value_set_boolean(value, g_atomic_int_get(&self->transcoding));
  } else {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

GstStateChangeReturn route_change_state(GstElement* element, GstStateChange transition) {
  GstStateChangeReturn ret =
      GST_ELEMENT_CLASS(lava_opus_route_parent_class)->change_state(element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    auto* self = reinterpret_cast<LavaOpusRoute*>(element);
    self->opus_input = FALSE;
    set_transcoding(self, FALSE);
    gst_event_replace(&self->stream_start, nullptr);
    gst_event_replace(&self->segment, nullptr);
  }
  return ret;
}

void route_finalize(GObject* object) {
  auto* self = reinterpret_cast<LavaOpusRoute*>(object);
  gst_event_replace(&self->stream_start, nullptr);
  gst_event_replace(&self->segment, nullptr);
  G_OBJECT_CLASS(lava_opus_route_parent_class)->finalize(object);
}

void lava_opus_route_class_init(LavaOpusRouteClass* klass) {
  GObjectClass* object_class = G_OBJECT_CLASS(klass);
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  object_class->set_property = route_set_property;
  object_class->get_property = route_get_property;
  object_class->finalize = route_finalize;
  element_class->change_state = route_change_state;
  const auto readable = static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  route_props[PROP_PASSTHROUGH] =
      g_param_spec_boolean("passthrough", "Passthrough",
                           "Stereo 48 kHz Opus packets of 20 ms skip the transcoding chain", FALSE,
                           static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  route_props[PROP_PASSTHROUGH_FRAMES] = g_param_spec_uint64(
      "passthrough-frames", "Passthrough frames", "Packets that went to the sink without decoding",
      0, G_MAXUINT64, 0, readable);
  route_props[PROP_TRANSCODING] = g_param_spec_boolean(
      "transcoding", "Transcoding",
      "The last packet went through the transcoding chain (notified from the streaming thread "
      "when it changes)",
      FALSE, readable);
  g_object_class_install_properties(object_class, N_PROPS, route_props);
  gst_element_class_add_static_pad_template(element_class, &route_sink_template);
  gst_element_class_add_static_pad_template(element_class, &pass_src_template);
  gst_element_class_add_static_pad_template(element_class, &transcode_src_template);
  gst_element_class_set_static_metadata(
      element_class, "Lavalink Opus route", "Filter/Audio",
      "Sends Opus packets past the transcoding chain while nothing changes the audio",
      "gst-lavalink");
}

void lava_opus_join_class_init(LavaOpusJoinClass* klass) {
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  gst_element_class_add_static_pad_template(element_class, &pass_sink_template);
  gst_element_class_add_static_pad_template(element_class, &transcoded_sink_template);
  gst_element_class_add_static_pad_template(element_class, &join_src_template);
  gst_element_class_set_static_metadata(element_class, "Lavalink Opus join", "Filter/Audio",
                                        "Joins passed-through and transcoded Opus packets",
                                        "gst-lavalink");
}

}  // namespace

namespace lava::server::player {

GstElement* make_opus_route() {
  return GST_ELEMENT(g_object_new(lava_opus_route_get_type(), nullptr));
}

GstElement* make_opus_join() {
  return GST_ELEMENT(g_object_new(lava_opus_join_get_type(), nullptr));
}

}  // namespace lava::server::player
