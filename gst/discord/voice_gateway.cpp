#include "voice_gateway.h"

#include <json-glib/json-glib.h>

#include <algorithm>
#include <cstring>

#include "dave/gateway_messages.h"
#include "gateway_thread.h"
#include "ip_discovery.h"
#include "transport/voice_opcodes.h"
#include "voice_endpoint.h"

namespace lava::discord {
namespace {

using namespace voice_op;

constexpr int kDiscoveryTimeoutMs = 1000;
constexpr int kDiscoveryTries = 3;
constexpr int kHeartbeatTimeoutCode = 4000;

std::int64_t now_ms() {
  return g_get_monotonic_time() / 1000;
}

// Heartbeats due in the same second share one wake-up of the gateway thread (GLib groups its
// second-granularity timers), so thousands of connections do not each wake it once per interval;
// every wake-up costs the thread a pass over all its sources. Such a timer fires up to a second
// after its interval, so it is set a second short; intervals under two seconds (tests) keep a
// millisecond timer.
GSource* heartbeat_timer(double interval_ms) {
  if (interval_ms < 2000) return g_timeout_source_new(static_cast<guint>(interval_ms));
  return g_timeout_source_new_seconds(static_cast<guint>(interval_ms / 1000) - 1);
}

GSourcePtr attach(GSource* source, gboolean (*fn)(gpointer), gpointer data) {
  g_source_set_callback(source, fn, data, nullptr);
  g_source_attach(source, gateway_context());
  return GSourcePtr(source);
}

}  // namespace

VoiceGateway::VoiceGateway(std::shared_ptr<SenderStream> stream,
                           std::shared_ptr<FrameTransform> transform,
                           VoiceGatewayListener* listener)
    : stream_(std::move(stream)), transform_(std::move(transform)), listener_(listener) {}

VoiceGateway::~VoiceGateway() {
  drop_ws();
}

void VoiceGateway::connect(const VoiceCredentials& credentials) {
  drop_ws();
  retry_.reset();
  // The TLS trust lives in the SoupSession: a new CA file needs a new session.
  if (credentials.tls_ca_file != credentials_.tls_ca_file) session_.reset();
  credentials_ = credentials;
  resumable_ = false;
  reconnects_ = 0;
  last_seq_ = -1;
  stream_->clear_transport();
  dave_.reset();
  leave_e2ee_group();
  open();
}

void VoiceGateway::shutdown() {
  listener_ = nullptr;
  drop_ws();
  retry_.reset();
  phase_ = Phase::kClosed;
  stream_->clear_transport();
}

void VoiceGateway::open() {
  const VoiceUrl url = voice_gateway_url(credentials_.endpoint);
  if (!url.error.empty()) return give_up(url.error);
  if (!session_) {
    session_.reset(soup_session_new());
    if (!credentials_.tls_ca_file.empty()) {
      GError* error = nullptr;
      GTlsDatabase* db = g_tls_file_database_new(credentials_.tls_ca_file.c_str(), &error);
      if (!db) {
        const std::string msg = std::string("cannot load tls-ca-file: ") + error->message;
        g_error_free(error);
        return give_up(msg);
      }
      g_object_set(session_.get(), "tls-database", db, nullptr);
      g_object_unref(db);
    }
  }
  phase_ = Phase::kConnecting;
  cancellable_.reset(g_cancellable_new());
  SoupMessage* msg = soup_message_new("GET", url.url.c_str());
  if (!msg) return give_up("invalid voice gateway URL " + url.url);
  // The async call keeps a strong reference on the gateway until it completes.
  auto* self = new std::shared_ptr<VoiceGateway>(shared_from_this());
  soup_session_websocket_connect_async(session_.get(), msg, nullptr, nullptr, G_PRIORITY_DEFAULT,
                                       cancellable_.get(), on_ws_connected, self);
  g_object_unref(msg);
}

void VoiceGateway::on_ws_connected(GObject* source, GAsyncResult* result, gpointer data) {
  std::unique_ptr<std::shared_ptr<VoiceGateway>> holder(
      static_cast<std::shared_ptr<VoiceGateway>*>(data));
  VoiceGateway& self = **holder;
  GError* error = nullptr;
  SoupWebsocketConnection* ws =
      soup_session_websocket_connect_finish(SOUP_SESSION(source), result, &error);
  if (!ws) {
    const bool cancelled = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    const std::string reason = error->message;
    g_error_free(error);
    if (!cancelled && self.phase_ == Phase::kConnecting)
      self.lost_connection(1006, reason, false, CloseAction::kResume);
    return;
  }
  self.ws_.reset(ws);
  soup_websocket_connection_set_keepalive_interval(ws, 0);
  g_signal_connect(ws, "message", G_CALLBACK(on_ws_message), &self);
  g_signal_connect(ws, "closed", G_CALLBACK(on_ws_closed), &self);
  self.phase_ = Phase::kHandshake;
  self.missed_acks_ = 0;
  JsonObject* d = json_object_new();
  json_object_set_string_member(d, "server_id", self.credentials_.guild_id.c_str());
  json_object_set_string_member(d, "session_id", self.credentials_.session_id.c_str());
  json_object_set_string_member(d, "token", self.credentials_.token.c_str());
  if (self.resumable_) {
    json_object_set_int_member(d, "seq_ack", self.last_seq_);
    self.send_op(kResume, d);
  } else {
    json_object_set_string_member(d, "user_id", self.credentials_.user_id.c_str());
    // A new session: any MLS group of the old one is gone.
    self.dave_ = self.make_dave_client();
    self.leave_e2ee_group();
    json_object_set_int_member(d, "max_dave_protocol_version", self.dave_ ? 1 : 0);
    self.send_op(kIdentify, d);
  }
  json_object_unref(d);
}

void VoiceGateway::leave_e2ee_group() {
  if (!transform_->active()) return;
  // In this order: the streaming thread encrypts under the ring's lock, so once the key is gone
  // the flush leaves no frame made with it.
  transform_->clear();
  stream_->flush();
}

void VoiceGateway::send_op(int op, JsonObject* d) {
  if (!ws_) return;
  JsonObject* msg = json_object_new();
  json_object_set_int_member(msg, "op", op);
  json_object_set_object_member(msg, "d", json_object_ref(d));
  JsonNode* root = json_node_init_object(json_node_alloc(), msg);
  GCharPtr text(json_to_string(root, FALSE));
  json_node_unref(root);
  json_object_unref(msg);
  if (soup_websocket_connection_get_state(ws_.get()) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text(ws_.get(), text.get());
}

void VoiceGateway::on_ws_message(SoupWebsocketConnection*, gint type, GBytes* data,
                                 gpointer self_ptr) {
  auto& self = *static_cast<VoiceGateway*>(self_ptr);
  auto keep = self.shared_from_this();  // a handler may drop the connection
  gsize size = 0;
  const auto* bytes = static_cast<const char*>(g_bytes_get_data(data, &size));
  if (type == SOUP_WEBSOCKET_DATA_TEXT) return self.handle_text(bytes, size);
  self.handle_binary(reinterpret_cast<const std::uint8_t*>(bytes), size);
}

// DAVE's binary frames: u16 BE seq ‖ u8 op ‖ payload; the seq counts for seq_ack.
void VoiceGateway::handle_binary(const std::uint8_t* data, gsize size) {
  auto frame = dave::parse_server_binary_frame(dave::ByteView(data, size));
  if (!frame) {
    if (listener_) listener_->on_protocol_error("binary gateway frame: " + frame.error(), false);
    return;
  }
  last_seq_ = frame->sequence;
  if (dave_) dave_->handle_binary(frame->op, frame->payload);
}

std::unique_ptr<DaveGatewayClient> VoiceGateway::make_dave_client() {
  guint64 user = 0, channel = 0;
  if (!g_ascii_string_to_unsigned(credentials_.user_id.c_str(), 10, 0, G_MAXUINT64, &user,
                                  nullptr) ||
      !g_ascii_string_to_unsigned(credentials_.channel_id.c_str(), 10, 0, G_MAXUINT64, &channel,
                                  nullptr))
    return nullptr;
  DaveGatewayClient::Callbacks callbacks;
  callbacks.send_json = [this](int op, JsonObject* d) { send_op(op, d); };
  callbacks.send_binary = [this](dave::ByteView frame) {
    if (ws_ && soup_websocket_connection_get_state(ws_.get()) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_send_binary(ws_.get(), frame.data(), frame.size());
  };
  callbacks.warn = [this](const std::string& message) {
    if (listener_) listener_->on_protocol_error(message, false);
  };
  callbacks.changed = [this](const E2eeStatus& status) {
    if (listener_) listener_->on_e2ee(status);
  };
  callbacks.leave_group = [this] { leave_e2ee_group(); };
  return std::make_unique<DaveGatewayClient>(user, channel, transform_, std::move(callbacks));
}

void VoiceGateway::handle_text(const char* data, gsize size) {
  auto msg = parse_voice_message(std::string_view(data, size));
  if (!msg) return give_up("voice gateway sent malformed JSON");
  if (msg->seq) last_seq_ = *msg->seq;
  VoicePayload& payload = msg->payload;
  if (auto* dave = std::get_if<DaveJsonMessage>(&payload)) {
    if (dave_) dave_->handle_json(*dave);
  } else if (auto* hello = std::get_if<VoiceHello>(&payload)) {
    handle_hello(*hello);
  } else if (auto* ready = std::get_if<VoiceReady>(&payload)) {
    if (!msg->has_data) return give_up("voice gateway Ready without payload");
    handle_ready(*ready);
  } else if (auto* description = std::get_if<VoiceSessionDescription>(&payload)) {
    if (!msg->has_data) return give_up("unexpected Session Description");
    handle_session_description(*description);
  } else if (auto* ack = std::get_if<VoiceHeartbeatAck>(&payload)) {
    handle_ack(*ack);
  } else if (std::holds_alternative<VoiceResumed>(payload)) {
    phase_ = Phase::kReady;
    stream_->reset_speaking();
    if (listener_) listener_->on_connected(ssrc_, mode_);
  } else if (auto* unknown = std::get_if<VoiceUnknownOp>(&payload)) {
    give_up("voice gateway sent unknown opcode " + std::to_string(unknown->op));
  }
}

void VoiceGateway::handle_hello(const VoiceHello& hello) {
  if (hello.heartbeat_interval_ms == 0)
    return give_up("voice gateway Hello without heartbeat_interval");
  heartbeat_ = attach(
      heartbeat_timer(hello.heartbeat_interval_ms),
      [](gpointer p) -> gboolean { return static_cast<VoiceGateway*>(p)->on_heartbeat(); }, this);
}

bool VoiceGateway::on_heartbeat() {
  if (missed_acks_ >= kMaxMissedAcks) {
    // The server stopped answering: treat the connection as dropped and resume.
    auto keep = shared_from_this();
    drop_ws();
    lost_connection(kHeartbeatTimeoutCode, "heartbeat ACK timeout", false, CloseAction::kResume);
    return G_SOURCE_REMOVE;
  }
  JsonObject* d = json_object_new();
  json_object_set_int_member(d, "t", now_ms());
  json_object_set_int_member(d, "seq_ack", last_seq_);
  send_op(kHeartbeat, d);
  json_object_unref(d);
  ++missed_acks_;
  return G_SOURCE_CONTINUE;
}

void VoiceGateway::handle_ack(const VoiceHeartbeatAck& ack) {
  missed_acks_ = 0;
  // Only a connection that answers heartbeats counts as back: one that resumes and then goes
  // silent again must run out of tries.
  reconnects_ = 0;
  if (!ack.sent_ms || !listener_) return;
  const gint64 rtt = now_ms() - *ack.sent_ms;
  if (rtt >= 0 && rtt < 600000) listener_->on_ping(static_cast<int>(rtt));
}

void VoiceGateway::handle_ready(const VoiceReady& ready) {
  ssrc_ = ready.ssrc;
  auto mode = choose_transport_mode({ready.modes.begin(), ready.modes.end()});
  if (!mode) return give_up("voice server offers no encryption mode we support");
  mode_ = *mode;
  GObjectPtr<GInetAddress> addr(g_inet_address_new_from_string(ready.ip.c_str()));
  if (!addr || ready.port == 0) return give_up("voice gateway Ready has no valid UDP address");
  udp_target_.reset(g_inet_socket_address_new(addr.get(), ready.port));
  GError* error = nullptr;
  udp_.reset(g_socket_new(g_inet_address_get_family(addr.get()), G_SOCKET_TYPE_DATAGRAM,
                          G_SOCKET_PROTOCOL_UDP, &error));
  if (!udp_) {
    const std::string msg = std::string("cannot create UDP socket: ") + error->message;
    g_error_free(error);
    return give_up(msg);
  }
  g_socket_set_blocking(udp_.get(), FALSE);
  phase_ = Phase::kDiscovery;
  discovery_tries_ = 0;
  udp_source_ = attach(g_socket_create_source(udp_.get(), G_IO_IN, nullptr),
                       G_SOURCE_FUNC(+[](GSocket*, GIOCondition, gpointer p) -> gboolean {
                         return static_cast<VoiceGateway*>(p)->on_udp_readable();
                       }),
                       this);
  start_discovery();
}

void VoiceGateway::start_discovery() {
  if (++discovery_tries_ > kDiscoveryTries) return give_up("no answer to UDP IP discovery");
  const auto request = ip_discovery_request(ssrc_);
  g_socket_send_to(udp_.get(), udp_target_.get(), reinterpret_cast<const gchar*>(request.data()),
                   request.size(), nullptr, nullptr);
  discovery_timer_ = attach(
      g_timeout_source_new(kDiscoveryTimeoutMs),
      [](gpointer p) -> gboolean {
        auto* self = static_cast<VoiceGateway*>(p);
        self->start_discovery();
        return G_SOURCE_REMOVE;
      },
      this);
}

bool VoiceGateway::on_udp_readable() {
  std::array<std::uint8_t, 128> buf;
  const gssize n = g_socket_receive(udp_.get(), reinterpret_cast<gchar*>(buf.data()), buf.size(),
                                    nullptr, nullptr);
  if (n < 0 || phase_ != Phase::kDiscovery) return G_SOURCE_CONTINUE;
  auto found = parse_ip_discovery_reply(std::span<const std::uint8_t>(buf.data(), std::size_t(n)));
  if (!found) {
    give_up("malformed UDP IP discovery reply (" + std::to_string(n) + " bytes)");
    return G_SOURCE_REMOVE;
  }
  discovery_timer_.reset();
  phase_ = Phase::kSelecting;
  JsonObject* data = json_object_new();
  json_object_set_string_member(data, "address", found->ip.c_str());
  json_object_set_int_member(data, "port", found->port);
  json_object_set_string_member(data, "mode", std::string(transport_mode_name(mode_)).c_str());
  JsonObject* d = json_object_new();
  json_object_set_string_member(d, "protocol", "udp");
  json_object_set_object_member(d, "data", data);
  send_op(kSelectProtocol, d);
  json_object_unref(d);
  // Later datagrams (other speakers' audio) are not ours to read; the kernel drops them.
  return G_SOURCE_REMOVE;
}

void VoiceGateway::handle_session_description(VoiceSessionDescription& description) {
  if (phase_ != Phase::kSelecting) return give_up("unexpected Session Description");
  if (description.mode != transport_mode_name(mode_))
    return give_up("voice server chose a mode we did not select");
  if (!description.secret_key) return give_up("Session Description without a 32-byte secret_key");
  TransportKey& secret = *description.secret_key;
  SenderTransport transport;
  GError* error = nullptr;
  transport.address_len =
      static_cast<socklen_t>(g_socket_address_get_native_size(udp_target_.get()));
  if (!g_socket_address_to_native(udp_target_.get(), &transport.address, sizeof transport.address,
                                  &error)) {
    const std::string msg = error->message;
    g_error_free(error);
    return give_up(msg);
  }
  transport.ssrc = ssrc_;
  transport.cipher = std::make_shared<const TransportCipher>(mode_, secret);
  sodium_memzero(secret.data(), secret.size());
  stream_->set_transport(std::move(transport));
  if (dave_)
    dave_->start(description.dave_protocol_version);
  else if (listener_)
    listener_->on_e2ee(E2eeStatus{});
  resumable_ = true;
  phase_ = Phase::kReady;
  if (listener_) listener_->on_connected(ssrc_, mode_);
}

void VoiceGateway::send_speaking(bool speaking) {
  if (phase_ != Phase::kReady) return;
  JsonObject* d = json_object_new();
  json_object_set_int_member(d, "speaking", speaking ? 1 : 0);
  json_object_set_int_member(d, "delay", 0);
  json_object_set_int_member(d, "ssrc", ssrc_);
  send_op(kSpeaking, d);
  json_object_unref(d);
}

void VoiceGateway::on_ws_closed(SoupWebsocketConnection* ws, gpointer self_ptr) {
  auto& self = *static_cast<VoiceGateway*>(self_ptr);
  auto keep = self.shared_from_this();
  const int code = soup_websocket_connection_get_close_code(ws);
  const char* data = soup_websocket_connection_get_close_data(ws);
  const std::string reason = data ? data : "";
  self.drop_ws();
  self.lost_connection(code, reason, true, close_action(code));
}

void VoiceGateway::drop_ws() {
  heartbeat_.reset();
  discovery_timer_.reset();
  udp_source_.reset();
  if (cancellable_) g_cancellable_cancel(cancellable_.get());
  cancellable_.reset();
  if (ws_) {
    g_signal_handlers_disconnect_by_data(ws_.get(), this);
    if (soup_websocket_connection_get_state(ws_.get()) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close(ws_.get(), SOUP_WEBSOCKET_CLOSE_NORMAL, nullptr);
    ws_.reset();
  }
}

void VoiceGateway::lost_connection(int code, const std::string& reason, bool by_remote,
                                   CloseAction action) {
  if (phase_ == Phase::kClosed) return;
  const bool resuming = action == CloseAction::kResume && reconnects_ < kMaxReconnects;
  if (listener_) listener_->on_closed(code, reason, by_remote, resuming);
  switch (action) {
    case CloseAction::kResume:
      // A session that never finished its handshake cannot be resumed: identify again.
      if (phase_ != Phase::kReady && !resumable_) stream_->clear_transport();
      break;
    case CloseAction::kReidentify:
      resumable_ = false;
      stream_->clear_transport();
      break;
    case CloseAction::kGiveUp:
      phase_ = Phase::kClosed;
      stream_->clear_transport();
      return;
  }
  schedule_reconnect();
}

void VoiceGateway::schedule_reconnect() {
  if (++reconnects_ > kMaxReconnects) {
    phase_ = Phase::kClosed;
    stream_->clear_transport();
    // on_closed (not resuming) has told the listener; the track is not the connection's to fail.
    if (listener_) listener_->on_protocol_error("voice gateway unreachable, giving up", false);
    return;
  }
  phase_ = Phase::kConnecting;
  // 100 ms, then doubling: a resume after a voice server restart should cost little audio.
  const guint delay = std::min(100u << (reconnects_ - 1), 5000u);
  retry_ = attach(
      g_timeout_source_new(delay),
      [](gpointer p) -> gboolean {
        auto* self = static_cast<VoiceGateway*>(p);
        self->open();
        return G_SOURCE_REMOVE;
      },
      this);
}

void VoiceGateway::give_up(const std::string& message) {
  auto keep = shared_from_this();
  drop_ws();
  phase_ = Phase::kClosed;
  stream_->clear_transport();
  if (listener_) listener_->on_protocol_error(message, true);
}

}  // namespace lava::discord
