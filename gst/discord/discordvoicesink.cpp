/**
 * SECTION:element-discordvoicesink
 * @title: discordvoicesink
 *
 * Holds a Discord voice connection (voice gateway v8 over WebSocket, RTP over UDP with
 * aead_aes256_gcm_rtpsize or aead_xchacha20_poly1305_rtpsize) and sends 20 ms stereo Opus frames
 * to it, paced by the process-wide voice sender. The credentials are what a Lavalink client sends
 * as the player's `voice` object plus the bot's user id and the guild id; changing them while
 * PLAYING reconnects without stopping the pipeline. Without complete credentials (or while the
 * connection is down) the sink takes no audio beyond its ring (`buffer-duration`), so a track does
 * not run ahead. Posts element messages `discordvoice-connected` and `discordvoice-closed` (code,
 * reason, by-remote, resuming: the sink reconnects and resumes by itself).
 *
 * With a `channel-id` it offers DAVE end-to-end encryption (Identify's max_dave_protocol_version
 * 1; the channel id is the MLS group id) and encrypts every Opus frame with the call's current
 * epoch key once a transition has executed. `discordvoice-e2ee` (protocol-version, epoch,
 * privacy-code) is posted after the Session Description and after every DAVE transition: epoch
 * > 0 means frames now leave end-to-end encrypted; privacy-code is the 30-digit voice privacy code
 * Discord clients show for the call. The same values are the read-only properties
 * `dave-protocol-version`, `dave-epoch`, `dave-privacy-code`.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc ! audioconvert ! audioresample ! opusenc frame-size=20 !
 *   discordvoicesink endpoint=ws://127.0.0.1:PORT token=T session-id=S guild-id=G user-id=U
 * ]|
 */
#include "discordvoicesink.h"

#include <opus.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>

#include "buffer_map.h"
#include "frame_transform.h"
#include "gateway_thread.h"
#include "voice_gateway.h"
#include "voice_sender.h"

GST_DEBUG_CATEGORY_STATIC(discord_voice_sink_debug);
#define GST_CAT_DEFAULT discord_voice_sink_debug

using namespace lava::discord;

namespace {

constexpr int kOpusFrameSamples = 960;
constexpr guint kFrameMs = 20;
// Credential properties usually arrive in a burst; apply them together.
constexpr guint kApplyDelayMs = 20;

// Everything the element owns; a C++ object so members get real constructors/destructors.
class SinkImpl final : public VoiceGatewayListener {
 public:
  explicit SinkImpl(GstElement* element);

  GstElement* element;
  std::mutex settings_mutex;
  VoiceCredentials settings;  // guarded by settings_mutex
  std::shared_ptr<SenderStream> stream;
  std::mutex gateway_mutex;
  std::shared_ptr<VoiceGateway> gateway;  // between start() and stop(); guarded by gateway_mutex
  std::atomic<bool> apply_pending{false};
  std::atomic<bool> connected{false};
  std::atomic<int> ping_ms{-1};
  std::shared_ptr<FrameTransform> transform = std::make_shared<FrameTransform>();
  std::mutex e2ee_mutex;
  E2eeStatus e2ee;  // guarded by e2ee_mutex

  VoiceCredentials credentials() {
    std::lock_guard lock(settings_mutex);
    return settings;
  }
  void schedule_apply();
  void apply();

  void on_connected(std::uint32_t ssrc, TransportMode mode) override;
  void on_closed(int code, const std::string& reason, bool by_remote, bool resuming) override;
  void on_protocol_error(const std::string& message, bool fatal) override;
  void on_ping(int ms) override { ping_ms = ms; }
  void on_e2ee(const E2eeStatus& status) override;
};

SinkImpl::SinkImpl(GstElement* el) : element(el) {
  stream = std::make_shared<SenderStream>([this](bool speaking) {
    std::weak_ptr<VoiceGateway> weak;
    {
      std::lock_guard lock(gateway_mutex);
      weak = gateway;
    }
    on_gateway_thread([weak, speaking] {
      if (auto gw = weak.lock()) gw->send_speaking(speaking);
    });
  });
}

void SinkImpl::schedule_apply() {
  if (apply_pending.exchange(true)) return;
  gst_object_ref(element);
  GSource* timer = g_timeout_source_new(kApplyDelayMs);
  g_source_set_callback(
      timer,
      [](gpointer data) -> gboolean {
        auto* self = LAVA_DISCORD_VOICE_SINK(data);
        reinterpret_cast<SinkImpl*>(g_object_get_data(G_OBJECT(self), "lava-impl"))->apply();
        return G_SOURCE_REMOVE;
      },
      element, gst_object_unref);
  g_source_attach(timer, gateway_context());
  g_source_unref(timer);
}

// On the gateway thread.
void SinkImpl::apply() {
  apply_pending = false;
  const VoiceCredentials creds = credentials();
  std::shared_ptr<VoiceGateway> gw;
  {
    std::lock_guard lock(gateway_mutex);
    gw = gateway;
  }
  if (!gw || !creds.complete() || creds == gw->credentials()) return;
  GST_INFO_OBJECT(element, "connecting to voice endpoint %s", creds.endpoint.c_str());
  connected = false;
  gw->connect(creds);
}

void SinkImpl::on_connected(std::uint32_t ssrc, TransportMode mode) {
  connected = true;
  GstStructure* s =
      gst_structure_new("discordvoice-connected", "ssrc", G_TYPE_UINT, ssrc, "mode", G_TYPE_STRING,
                        std::string(transport_mode_name(mode)).c_str(), nullptr);
  gst_element_post_message(element, gst_message_new_element(GST_OBJECT(element), s));
}

void SinkImpl::on_e2ee(const E2eeStatus& status) {
  {
    std::lock_guard lock(e2ee_mutex);
    e2ee = status;
  }
  if (status.epoch > 0)
    GST_INFO_OBJECT(element,
                    "DAVE v%d: end-to-end encrypted, epoch %" G_GUINT64_FORMAT
                    ", voice privacy code %s",
                    status.protocol_version, status.epoch, status.privacy_code.c_str());
  else
    GST_INFO_OBJECT(
        element, "DAVE v%d: not end-to-end encrypted (%s)", status.protocol_version,
        status.protocol_version > 0 ? "no epoch in use yet" : "transport encryption only");
  GstStructure* s = gst_structure_new("discordvoice-e2ee", "protocol-version", G_TYPE_INT,
                                      status.protocol_version, "epoch", G_TYPE_UINT64,
                                      static_cast<guint64>(status.epoch), "privacy-code",
                                      G_TYPE_STRING, status.privacy_code.c_str(), nullptr);
  gst_element_post_message(element, gst_message_new_element(GST_OBJECT(element), s));
}

void SinkImpl::on_closed(int code, const std::string& reason, bool by_remote, bool resuming) {
  connected = false;
  ping_ms = -1;
  GstStructure* s = gst_structure_new("discordvoice-closed", "code", G_TYPE_INT, code, "reason",
                                      G_TYPE_STRING, reason.c_str(), "by-remote", G_TYPE_BOOLEAN,
                                      by_remote, "resuming", G_TYPE_BOOLEAN, resuming, nullptr);
  gst_element_post_message(element, gst_message_new_element(GST_OBJECT(element), s));
}

void SinkImpl::on_protocol_error(const std::string& message, bool fatal) {
  if (fatal) {
    connected = false;
    ping_ms = -1;
    GST_ELEMENT_ERROR(element, RESOURCE, FAILED, ("Discord voice connection failed"),
                      ("%s", message.c_str()));
  } else {
    GST_ELEMENT_WARNING(element, STREAM, FAILED, ("Discord voice gateway"),
                        ("%s", message.c_str()));
  }
}

}  // namespace

struct _LavaDiscordVoiceSink {
  GstBaseSink parent;
  SinkImpl* impl;
};

G_DEFINE_TYPE(LavaDiscordVoiceSink, lava_discord_voice_sink, GST_TYPE_BASE_SINK)
GST_ELEMENT_REGISTER_DEFINE(discordvoicesink, "discordvoicesink", GST_RANK_NONE,
                            LAVA_TYPE_DISCORD_VOICE_SINK)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_TOKEN,
  PROP_SESSION_ID,
  PROP_GUILD_ID,
  PROP_USER_ID,
  PROP_CHANNEL_ID,
  PROP_TLS_CA_FILE,
  PROP_FRAMES_SENT,
  PROP_FRAMES_NULLED,
  PROP_FRAMES_DEFICIT,
  PROP_PING_MS,
  PROP_CONNECTED,
  PROP_BUFFER_DURATION,
  PROP_REFILL_MARGIN,
  PROP_DAVE_PROTOCOL_VERSION,
  PROP_DAVE_EPOCH,
  PROP_DAVE_PRIVACY_CODE,
  PROP_FRAMES_E2EE,
};

static std::string VoiceCredentials::*credential_field(guint id) {
  switch (id) {
    case PROP_ENDPOINT:
      return &VoiceCredentials::endpoint;
    case PROP_TOKEN:
      return &VoiceCredentials::token;
    case PROP_SESSION_ID:
      return &VoiceCredentials::session_id;
    case PROP_GUILD_ID:
      return &VoiceCredentials::guild_id;
    case PROP_USER_ID:
      return &VoiceCredentials::user_id;
    case PROP_CHANNEL_ID:
      return &VoiceCredentials::channel_id;
    case PROP_TLS_CA_FILE:
      return &VoiceCredentials::tls_ca_file;
    default:
      return nullptr;
  }
}

static void sink_set_property(GObject* object, guint id, const GValue* value, GParamSpec* pspec) {
  SinkImpl* impl = LAVA_DISCORD_VOICE_SINK(object)->impl;
  if (id == PROP_BUFFER_DURATION) {
    impl->stream->set_capacity(g_value_get_uint(value) / kFrameMs);
    return;
  }
  if (id == PROP_REFILL_MARGIN) {
    impl->stream->set_refill_mark(g_value_get_uint(value) / kFrameMs);
    return;
  }
  auto field = credential_field(id);
  if (!field) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    return;
  }
  const char* text = g_value_get_string(value);
  {
    std::lock_guard lock(impl->settings_mutex);
    impl->settings.*field = text ? text : "";
  }
  impl->schedule_apply();
}

static void sink_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
  SinkImpl* impl = LAVA_DISCORD_VOICE_SINK(object)->impl;
  if (auto field = credential_field(id)) {
    std::lock_guard lock(impl->settings_mutex);
    g_value_set_string(value, (impl->settings.*field).c_str());
    return;
  }
  const SenderCounters c = impl->stream->counters();
  std::unique_lock e2ee_lock(impl->e2ee_mutex);
  switch (id) {
    case PROP_DAVE_PROTOCOL_VERSION:
      g_value_set_int(value, impl->e2ee.protocol_version);
      break;
    case PROP_DAVE_EPOCH:
      g_value_set_uint64(value, impl->e2ee.epoch);
      break;
    case PROP_DAVE_PRIVACY_CODE:
      g_value_set_string(value, impl->e2ee.privacy_code.c_str());
      break;
    case PROP_FRAMES_E2EE:
      g_value_set_uint64(value, impl->transform->stats().encrypted);
      break;
    case PROP_FRAMES_SENT:
      g_value_set_uint64(value, c.sent);
      break;
    case PROP_FRAMES_NULLED:
      g_value_set_uint64(value, c.nulled);
      break;
    case PROP_FRAMES_DEFICIT:
      g_value_set_uint64(value, c.deficit);
      break;
    case PROP_PING_MS:
      g_value_set_int(value, impl->ping_ms);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean(value, impl->connected);
      break;
    case PROP_BUFFER_DURATION:
      g_value_set_uint(value, static_cast<guint>(impl->stream->capacity() * kFrameMs));
      break;
    case PROP_REFILL_MARGIN:
      g_value_set_uint(value, static_cast<guint>(impl->stream->refill_mark() * kFrameMs));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

LavaDiscordVoiceSinkCounters lava_discord_voice_sink_counters(LavaDiscordVoiceSink* sink) {
  const SenderCounters c = sink->impl->stream->counters();
  return {c.sent, c.nulled, c.deficit, sink->impl->connected.load()};
}

static gboolean sink_start(GstBaseSink* base) {
  SinkImpl* impl = LAVA_DISCORD_VOICE_SINK(base)->impl;
  impl->stream->flush();
  impl->stream->resume_blocking();
  VoiceSender::instance().add(impl->stream);
  on_gateway_thread_sync([impl] {
    std::lock_guard lock(impl->gateway_mutex);
    impl->gateway = std::make_shared<VoiceGateway>(impl->stream, impl->transform, impl);
  });
  impl->schedule_apply();
  return TRUE;
}

static gboolean sink_stop(GstBaseSink* base) {
  SinkImpl* impl = LAVA_DISCORD_VOICE_SINK(base)->impl;
  impl->stream->unblock();
  VoiceSender::instance().remove(impl->stream.get());
  on_gateway_thread_sync([impl] {
    std::shared_ptr<VoiceGateway> gw;
    {
      std::lock_guard lock(impl->gateway_mutex);
      gw.swap(impl->gateway);
    }
    if (gw) gw->shutdown();
  });
  impl->stream->set_playing(false);
  impl->stream->flush();
  impl->connected = false;
  impl->ping_ms = -1;
  impl->transform->clear();
  std::lock_guard lock(impl->e2ee_mutex);
  impl->e2ee = {};
  return TRUE;
}

static gboolean sink_unlock(GstBaseSink* base) {
  LAVA_DISCORD_VOICE_SINK(base)->impl->stream->unblock();
  return TRUE;
}

static gboolean sink_unlock_stop(GstBaseSink* base) {
  LAVA_DISCORD_VOICE_SINK(base)->impl->stream->resume_blocking();
  return TRUE;
}

static bool is_header_packet(std::span<const std::uint8_t> data) {
  return data.size() >= 8 && (std::memcmp(data.data(), "OpusHead", 8) == 0 ||
                              std::memcmp(data.data(), "OpusTags", 8) == 0);
}

static GstFlowReturn sink_render(GstBaseSink* base, GstBuffer* buffer) {
  auto* self = LAVA_DISCORD_VOICE_SINK(base);
  SinkImpl* impl = self->impl;
  if (GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER)) return GST_FLOW_OK;
  lava::BufferMap map(buffer, GST_MAP_READ);
  if (!map) {
    GST_ELEMENT_ERROR(self, RESOURCE, READ, (nullptr), ("cannot map buffer"));
    return GST_FLOW_ERROR;
  }
  const auto opus = map.as<const std::uint8_t>();
  if (opus.empty() || is_header_packet(opus)) return GST_FLOW_OK;
  const int samples =
      opus_packet_get_nb_samples(opus.data(), static_cast<opus_int32>(opus.size()), 48000);
  if (samples != kOpusFrameSamples) {
    GST_ELEMENT_ERROR(self, STREAM, FORMAT, ("Discord voice needs 20 ms Opus frames"),
                      ("got a packet of %d samples (use opusenc frame-size=20)", samples));
    return GST_FLOW_ERROR;
  }
  // Encrypted (DAVE) as it enters the ring; blocks while the ring is full. Woken for a flush or a
  // pause: wait there, then retry.
  FrameTransform& transform = *impl->transform;
  const auto write = [&](std::span<std::uint8_t> out) { return transform.transform(opus, out); };
  while (!impl->stream->push(write)) {
    const GstFlowReturn ret = gst_base_sink_wait_preroll(base);
    if (ret != GST_FLOW_OK) return ret;
  }
  return GST_FLOW_OK;
}

static gboolean sink_event(GstBaseSink* base, GstEvent* event) {
  SinkImpl* impl = LAVA_DISCORD_VOICE_SINK(base)->impl;
  switch (GST_EVENT_TYPE(event)) {
    case GST_EVENT_EOS:
      // The track ends when its audio has been sent, then five silence frames and Speaking off.
      impl->stream->wait_drained();
      impl->stream->set_playing(false);
      break;
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP:
      // A seek drops the queued audio at once, not after the new segment arrives.
      impl->stream->flush();
      break;
    case GST_EVENT_STREAM_START:
      impl->stream->set_playing(GST_STATE(base) == GST_STATE_PLAYING);
      break;
    default:
      break;
  }
  return GST_BASE_SINK_CLASS(lava_discord_voice_sink_parent_class)->event(base, event);
}

static GstStateChangeReturn sink_change_state(GstElement* element, GstStateChange transition) {
  SinkImpl* impl = LAVA_DISCORD_VOICE_SINK(element)->impl;
  switch (transition) {
    case GST_STATE_CHANGE_PAUSED_TO_PLAYING:
      impl->stream->resume_blocking();
      impl->stream->set_playing(true);
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      // Stop audio at the next tick and free a render() blocked on the ring, which then waits
      // in preroll (it holds the preroll lock the base class needs for this transition).
      impl->stream->set_playing(false);
      impl->stream->unblock();
      break;
    default:
      break;
  }
  return GST_ELEMENT_CLASS(lava_discord_voice_sink_parent_class)->change_state(element, transition);
}

static void sink_finalize(GObject* object) {
  auto* self = LAVA_DISCORD_VOICE_SINK(object);
  delete self->impl;
  G_OBJECT_CLASS(lava_discord_voice_sink_parent_class)->finalize(object);
}

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE(
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS("audio/x-opus, rate = (int) 48000, channels = (int) 2"));

static void install_string(GObjectClass* klass, guint id, const char* name, const char* blurb) {
  g_object_class_install_property(
      klass, id,
      g_param_spec_string(name, name, blurb, "",
                          static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                   GST_PARAM_MUTABLE_PLAYING)));
}

static void install_counter(GObjectClass* klass, guint id, const char* name, const char* blurb) {
  g_object_class_install_property(
      klass, id,
      g_param_spec_uint64(name, name, blurb, 0, G_MAXUINT64, 0,
                          static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
}

static void lava_discord_voice_sink_class_init(LavaDiscordVoiceSinkClass* klass) {
  auto* gobject_class = G_OBJECT_CLASS(klass);
  auto* element_class = GST_ELEMENT_CLASS(klass);
  auto* base_class = GST_BASE_SINK_CLASS(klass);
  gobject_class->set_property = sink_set_property;
  gobject_class->get_property = sink_get_property;
  gobject_class->finalize = sink_finalize;
  install_string(
      gobject_class, PROP_ENDPOINT, "endpoint",
      "Voice server endpoint: host[:port] (always wss://), or ws://loopback:port for tests");
  install_string(gobject_class, PROP_TOKEN, "token", "Voice token from VOICE_SERVER_UPDATE");
  install_string(gobject_class, PROP_SESSION_ID, "session-id",
                 "The bot's voice session id from VOICE_STATE_UPDATE");
  install_string(gobject_class, PROP_GUILD_ID, "guild-id", "Guild (server) id");
  install_string(gobject_class, PROP_USER_ID, "user-id", "The bot's user id");
  install_string(gobject_class, PROP_CHANNEL_ID, "channel-id",
                 "Voice channel id (needed by DAVE end-to-end encryption)");
  install_string(gobject_class, PROP_TLS_CA_FILE, "tls-ca-file",
                 "PEM file of CA certificates trusted for wss:// instead of the system store");
  install_counter(gobject_class, PROP_FRAMES_SENT, "frames-sent", "Audio frames sent");
  install_counter(gobject_class, PROP_FRAMES_NULLED, "frames-nulled",
                  "Frame slots while playing with no audio ready");
  install_counter(gobject_class, PROP_FRAMES_DEFICIT, "frames-deficit",
                  "Frames the sender was too late to send");
  install_counter(gobject_class, PROP_FRAMES_E2EE, "frames-e2ee",
                  "Audio frames end-to-end encrypted (DAVE) before sending");
  g_object_class_install_property(
      gobject_class, PROP_DAVE_PROTOCOL_VERSION,
      g_param_spec_int("dave-protocol-version", "dave-protocol-version",
                       "DAVE version the voice server chose (0: transport encryption only)", 0,
                       G_MAXINT, 0,
                       static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
  install_counter(gobject_class, PROP_DAVE_EPOCH, "dave-epoch",
                  "MLS epoch whose key encrypts the frames now (0: not end-to-end encrypted)");
  g_object_class_install_property(
      gobject_class, PROP_DAVE_PRIVACY_CODE,
      g_param_spec_string(
          "dave-privacy-code", "dave-privacy-code",
          "Voice privacy code of the current epoch, as Discord clients show it (empty without "
          "end-to-end encryption)",
          "", static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
  g_object_class_install_property(
      gobject_class, PROP_PING_MS,
      g_param_spec_int("ping-ms", "ping-ms", "Voice gateway round trip (-1 when not connected)", -1,
                       G_MAXINT, -1,
                       static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
  g_object_class_install_property(
      gobject_class, PROP_CONNECTED,
      g_param_spec_boolean("connected", "connected", "Whether the voice connection is up", FALSE,
                           static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
  g_object_class_install_property(
      gobject_class, PROP_BUFFER_DURATION,
      g_param_spec_uint(
          "buffer-duration", "buffer-duration",
          "Encoded audio queued for the sender in ms (a Lavalink node's bufferDurationMs): the "
          "longest a volume or filter change takes to be heard",
          static_cast<guint>(kMinRingFrames * kFrameMs),
          static_cast<guint>(kMaxRingFrames * kFrameMs),
          static_cast<guint>(kDefaultRingFrames * kFrameMs),
          static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                   GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property(
      gobject_class, PROP_REFILL_MARGIN,
      g_param_spec_uint(
          "refill-margin", "refill-margin",
          "Audio left in the queue, in ms, when the streaming thread is woken to refill it (at "
          "most half of buffer-duration): the time the thread has to get the CPU. Longer means "
          "more, shorter wake-ups",
          kFrameMs, static_cast<guint>(kMaxRingFrames * kFrameMs),
          static_cast<guint>(kRefillMarkFrames * kFrameMs),
          static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                   GST_PARAM_MUTABLE_PLAYING)));
  gst_element_class_add_static_pad_template(element_class, &sink_template);
  gst_element_class_set_static_metadata(element_class, "Discord voice sink", "Sink/Network/Audio",
                                        "Sends Opus audio to a Discord voice channel",
                                        "gst-lavalink developers");
  element_class->change_state = sink_change_state;
  base_class->start = sink_start;
  base_class->stop = sink_stop;
  base_class->unlock = sink_unlock;
  base_class->unlock_stop = sink_unlock_stop;
  base_class->render = sink_render;
  base_class->event = sink_event;
  GST_DEBUG_CATEGORY_INIT(discord_voice_sink_debug, "discordvoicesink", 0, "Discord voice sink");
}

static void lava_discord_voice_sink_init(LavaDiscordVoiceSink* self) {
  self->impl = new SinkImpl(GST_ELEMENT(self));
  g_object_set_data(G_OBJECT(self), "lava-impl", self->impl);
  // The voice sender paces frames; the clock only matters for position reporting upstream.
  gst_base_sink_set_sync(GST_BASE_SINK(self), FALSE);
}
