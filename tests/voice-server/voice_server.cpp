#include "voice_server.h"

#include <sodium.h>
#include <sys/socket.h>

#include <array>
#include <cstring>
#include <sstream>

#include "rtp.h"
#include "voice_opcodes.h"

namespace lava::voicetest {

namespace {

using namespace lava::discord::voice_op;

std::string member_string(JsonObject* o, const char* name) {
  if (!o || !json_object_has_member(o, name)) return {};
  JsonNode* n = json_object_get_member(o, name);
  if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
    return json_node_get_string(n);
  return {};
}

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

}  // namespace

VoiceServer::VoiceServer(ServerOptions options, EventSink sink)
    : options_(std::move(options)), sink_(std::move(sink)) {}

VoiceServer::~VoiceServer() {
  for (auto& c : connections_)
    if (c->ws) g_signal_handlers_disconnect_by_data(c->ws.get(), c.get());
  if (server_) soup_server_disconnect(server_.get());
}

bool VoiceServer::start(GError** error) {
  GTlsCertificate* cert = nullptr;
  if (!options_.tls_cert.empty()) {
    cert = g_tls_certificate_new_from_files(options_.tls_cert.c_str(), options_.tls_key.c_str(),
                                            error);
    if (!cert) return false;
  }
  server_.reset(SOUP_SERVER(g_object_new(SOUP_TYPE_SERVER, "tls-certificate", cert, nullptr)));
  if (cert) g_object_unref(cert);
  soup_server_add_websocket_handler(server_.get(), nullptr, nullptr, nullptr, on_websocket, this,
                                    nullptr);
  auto flags = static_cast<SoupServerListenOptions>(SOUP_SERVER_LISTEN_IPV4_ONLY |
                                                    (cert ? SOUP_SERVER_LISTEN_HTTPS : 0));
  if (!soup_server_listen_local(server_.get(), 0, flags, error)) return false;
  GSList* uris = soup_server_get_uris(server_.get());
  ws_port_ = uris ? g_uri_get_port(static_cast<GUri*>(uris->data)) : 0;
  g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));

  udp_.reset(
      g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error));
  if (!udp_) return false;
  GObjectPtr<GInetAddress> lo(g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4));
  GObjectPtr<GSocketAddress> bind_addr(g_inet_socket_address_new(lo.get(), 0));
  if (!g_socket_bind(udp_.get(), bind_addr.get(), TRUE, error)) return false;
  GObjectPtr<GSocketAddress> local(g_socket_get_local_address(udp_.get(), error));
  if (!local) return false;
  udp_port_ = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(local.get()));
  g_socket_set_blocking(udp_.get(), FALSE);
  g_socket_set_option(udp_.get(), SOL_SOCKET, SO_TIMESTAMPNS, 1, nullptr);
  // Thousands of streams arrive in bursts of one sender slot, and this one thread also serves
  // their WebSockets: at 2000 streams (100 000 packets a second, ≈ 1 KB of buffer each) 64 MB
  // rides out ≈ 0.5 s without the CPU, 16 MB did not on a loaded machine.
  if (!g_socket_set_option(udp_.get(), SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20, nullptr))
    g_socket_set_option(udp_.get(), SOL_SOCKET, SO_RCVBUF, 64 << 20, nullptr);
  if (options_.udp_poll_ms > 0) {
    udp_source_.reset(g_timeout_source_new(static_cast<guint>(options_.udp_poll_ms)));
    g_source_set_callback(udp_source_.get(), on_udp_poll, this, nullptr);
  } else {
    udp_source_.reset(g_socket_create_source(udp_.get(), G_IO_IN, nullptr));
    g_source_set_callback(udp_source_.get(), G_SOURCE_FUNC(on_udp_readable), this, nullptr);
  }
  g_source_attach(udp_source_.get(), nullptr);
  return start_dave(error);
}

void VoiceServer::emit(const char* event, std::function<void(JsonObject*)> fill) {
  JsonObject* o = json_object_new();
  json_object_set_string_member(o, "event", event);
  if (fill) fill(o);
  sink_(o);
  json_object_unref(o);
}

void VoiceServer::on_websocket(SoupServer*, SoupServerMessage* msg, const char*,
                               SoupWebsocketConnection* ws, gpointer self_ptr) {
  auto* self = static_cast<VoiceServer*>(self_ptr);
  auto conn = std::make_unique<Connection>();
  conn->server = self;
  conn->ws.reset(SOUP_WEBSOCKET_CONNECTION(g_object_ref(ws)));
  conn->id = static_cast<int>(self->connections_.size()) + 1;
  // The protocol has no server-side keepalive pings; clients heartbeat themselves.
  soup_websocket_connection_set_keepalive_interval(ws, 0);
  g_signal_connect(ws, "message", G_CALLBACK(on_ws_message), conn.get());
  g_signal_connect(ws, "closed", G_CALLBACK(on_ws_closed), conn.get());
  const char* query = g_uri_get_query(soup_server_message_get_uri(msg));
  const std::string q = query ? query : "";
  const int id = conn->id;
  self->emit("connect", [&](JsonObject* o) {
    json_object_set_int_member(o, "connection", id);
    json_object_set_string_member(o, "query", q.c_str());
  });
  JsonObject* hello = json_object_new();
  json_object_set_double_member(hello, "heartbeat_interval", self->options_.heartbeat_interval_ms);
  JsonNode* d = json_node_init_object(json_node_alloc(), hello);
  json_object_unref(hello);
  self->send_op(*conn, kHello, d);
  self->connections_.push_back(std::move(conn));
}

void VoiceServer::on_ws_closed(SoupWebsocketConnection* ws, gpointer conn_ptr) {
  auto* conn = static_cast<Connection*>(conn_ptr);
  conn->closed = true;
  if (conn->server->dave_) conn->server->dave_connection_closed(*conn);
  if (conn->session && conn->session->conn == conn) conn->session->conn = nullptr;
  const int code = soup_websocket_connection_get_close_code(ws);
  conn->server->emit("closed", [&](JsonObject* o) {
    json_object_set_int_member(o, "connection", conn->id);
    json_object_set_int_member(o, "code", code);
  });
}

void VoiceServer::send_op(Connection& conn, int op, JsonNode* d) {
  JsonObject* msg = json_object_new();
  json_object_set_int_member(msg, "op", op);
  json_object_set_member(msg, "d", d ? d : json_node_new(JSON_NODE_NULL));
  if (conn.session) json_object_set_int_member(msg, "seq", ++conn.session->seq);
  JsonNode* root = json_node_init_object(json_node_alloc(), msg);
  GCharPtr text(json_to_string(root, FALSE));
  json_node_unref(root);
  json_object_unref(msg);
  if (!conn.closed) soup_websocket_connection_send_text(conn.ws.get(), text.get());
}

void VoiceServer::on_ws_message(SoupWebsocketConnection* ws, gint type, GBytes* data,
                                gpointer conn_ptr) {
  auto* conn = static_cast<Connection*>(conn_ptr);
  gsize size = 0;
  const auto* bytes = static_cast<const char*>(g_bytes_get_data(data, &size));
  if (type != SOUP_WEBSOCKET_DATA_TEXT && conn->server->dave_) {
    conn->server->dave_binary(*conn, std::span(reinterpret_cast<const std::uint8_t*>(bytes),
                                               static_cast<std::size_t>(size)));
    return;
  }
  if (type != SOUP_WEBSOCKET_DATA_TEXT) {
    conn->server->emit("binary",
                       [&](JsonObject* o) { json_object_set_int_member(o, "size", size); });
    soup_websocket_connection_close(ws, 4001, "unexpected binary frame");
    return;
  }
  conn->server->handle_text(*conn, std::string(bytes, size));
}

void VoiceServer::handle_text(Connection& conn, const std::string& text) {
  GObjectPtr<JsonParser> parser(json_parser_new());
  if (!json_parser_load_from_data(parser.get(), text.c_str(), -1, nullptr) ||
      !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser.get()))) {
    soup_websocket_connection_close(conn.ws.get(), 4002, "Failed to decode payload");
    return;
  }
  JsonObject* msg = json_node_get_object(json_parser_get_root(parser.get()));
  const int op = static_cast<int>(json_object_get_int_member_with_default(msg, "op", -1));
  JsonNode* d = json_object_has_member(msg, "d") ? json_object_get_member(msg, "d") : nullptr;
  JsonObject* dobj = d && JSON_NODE_HOLDS_OBJECT(d) ? json_node_get_object(d) : nullptr;
  if (op != kHeartbeat && op != kIdentify && op != kResume && !conn.session) {
    soup_websocket_connection_close(conn.ws.get(), 4003, "Not authenticated");
    return;
  }
  switch (op) {
    case kIdentify:
      return handle_identify(conn, dobj);
    case kSelectProtocol:
      return handle_select_protocol(conn, dobj);
    case kHeartbeat:
      return handle_heartbeat(conn, d);
    case kSpeaking:
      return handle_speaking(conn, dobj);
    case kResume:
      return handle_resume(conn, dobj);
    case kDaveTransitionReady:
    case kDaveMlsInvalidCommitWelcome:
      if (dave_ && conn.session->dave_version >= 1) {
        const gint64 id =
            dobj ? json_object_get_int_member_with_default(dobj, "transition_id", -1) : -1;
        if (op == kDaveTransitionReady)
          dave_->on_transition_ready(conn.session->user, id);
        else
          dave_->on_invalid_commit_welcome(conn.session->user, id);
        return;
      }
      [[fallthrough]];
    default:
      emit("unknown_op", [&](JsonObject* o) { json_object_set_int_member(o, "op", op); });
      soup_websocket_connection_close(conn.ws.get(), 4001, "Unknown opcode");
  }
}

void VoiceServer::handle_identify(Connection& conn, JsonObject* d) {
  if (conn.session) {
    soup_websocket_connection_close(conn.ws.get(), 4005, "Already authenticated");
    return;
  }
  auto s = std::make_shared<Session>();
  s->session_id = member_string(d, "session_id");
  s->token = member_string(d, "token");
  s->guild_id = member_string(d, "server_id");
  s->user_id = member_string(d, "user_id");
  if (s->session_id.empty() || s->token.empty() || s->guild_id.empty() || s->user_id.empty()) {
    soup_websocket_connection_close(conn.ws.get(), 4020, "Bad request");
    return;
  }
  s->ssrc = next_ssrc_++;
  s->stats = std::make_unique<StreamStats>(s->ssrc, options_.decode_every, options_.frame_log,
                                           options_.decrypt_every);
  const gint64 dave =
      d ? json_object_get_int_member_with_default(d, "max_dave_protocol_version", -1) : -1;
  if (options_.dave_required && dave < 1) {
    soup_websocket_connection_close(conn.ws.get(), 4017, "E2EE/DAVE protocol required");
    return;
  }
  s->max_dave = dave;
  s->conn = &conn;
  ++identifies_;
  sessions_[s->session_id] = s;
  by_ssrc_[s->ssrc] = s;
  conn.session = s;
  emit("identify", [&](JsonObject* o) {
    json_object_set_int_member(o, "connection", conn.id);
    json_object_set_string_member(o, "session_id", s->session_id.c_str());
    json_object_set_string_member(o, "token", s->token.c_str());
    json_object_set_string_member(o, "guild_id", s->guild_id.c_str());
    json_object_set_string_member(o, "user_id", s->user_id.c_str());
    json_object_set_int_member(o, "max_dave_protocol_version", dave);
    json_object_set_int_member(o, "ssrc", s->ssrc);
  });
  JsonObject* ready = json_object_new();
  json_object_set_int_member(ready, "ssrc", s->ssrc);
  json_object_set_string_member(ready, "ip", "127.0.0.1");
  json_object_set_int_member(ready, "port", udp_port_);
  JsonArray* modes = json_array_new();
  for (auto& m : options_.modes) json_array_add_string_element(modes, m.c_str());
  json_object_set_array_member(ready, "modes", modes);
  send_op(conn, kReady, json_node_init_object(json_node_alloc(), ready));
  json_object_unref(ready);
}

void VoiceServer::handle_select_protocol(Connection& conn, JsonObject* d) {
  JsonObject* data =
      d && json_object_has_member(d, "data") ? json_object_get_object_member(d, "data") : nullptr;
  const std::string mode_name = member_string(data, "mode");
  auto mode = discord::parse_transport_mode(mode_name);
  bool offered = false;
  for (auto& m : options_.modes) offered |= m == mode_name;
  if (!mode || !offered) {
    soup_websocket_connection_close(conn.ws.get(), 4016, "Unknown encryption mode");
    return;
  }
  discord::TransportKey key;
  randombytes_buf(key.data(), key.size());
  conn.session->cipher = std::make_unique<discord::TransportCipher>(*mode, key);
  const std::string address = member_string(data, "address");
  const gint64 port = data ? json_object_get_int_member_with_default(data, "port", 0) : 0;
  emit("select_protocol", [&](JsonObject* o) {
    json_object_set_string_member(o, "mode", mode_name.c_str());
    json_object_set_string_member(o, "address", address.c_str());
    json_object_set_int_member(o, "port", port);
  });
  JsonObject* desc = json_object_new();
  json_object_set_string_member(desc, "mode", mode_name.c_str());
  JsonArray* secret = json_array_new();
  for (auto b : key) json_array_add_int_element(secret, b);
  json_object_set_array_member(desc, "secret_key", secret);
  conn.session->dave_version = dave_ && conn.session->max_dave >= 1 ? 1 : 0;
  json_object_set_int_member(desc, "dave_protocol_version", conn.session->dave_version);
  json_object_set_string_member(desc, "audio_codec", "opus");
  send_op(conn, kSessionDescription, json_node_init_object(json_node_alloc(), desc));
  json_object_unref(desc);
  if (conn.session->dave_version >= 1) dave_session_ready(*conn.session);
}

void VoiceServer::handle_heartbeat(Connection& conn, JsonNode* d) {
  ++heartbeats_;
  JsonObject* dobj = d && JSON_NODE_HOLDS_OBJECT(d) ? json_node_get_object(d) : nullptr;
  const gint64 seq_ack = dobj ? json_object_get_int_member_with_default(dobj, "seq_ack", -2) : -2;
  emit("heartbeat", [&](JsonObject* o) {
    json_object_set_int_member(o, "connection", conn.id);
    json_object_set_int_member(o, "seq_ack", seq_ack);
  });
  if (!ack_heartbeats_) return;
  JsonNode* nonce = dobj && json_object_has_member(dobj, "t")
                        ? json_node_copy(json_object_get_member(dobj, "t"))
                        : (d ? json_node_copy(d) : nullptr);
  JsonObject* ack = json_object_new();
  if (nonce) json_object_set_member(ack, "t", nonce);
  send_op(conn, kHeartbeatAck, json_node_init_object(json_node_alloc(), ack));
  json_object_unref(ack);
}

void VoiceServer::handle_speaking(Connection& conn, JsonObject* d) {
  const gint64 speaking = d ? json_object_get_int_member_with_default(d, "speaking", -1) : -1;
  const StreamReport r = conn.session->stats->report();
  emit("speaking", [&](JsonObject* o) {
    json_object_set_int_member(o, "speaking", speaking);
    json_object_set_int_member(o, "ssrc", conn.session->ssrc);
    json_object_set_int_member(o, "audio_frames", r.audio_frames);
    json_object_set_int_member(o, "trailing_silence", r.trailing_silence);
  });
}

void VoiceServer::handle_resume(Connection& conn, JsonObject* d) {
  auto it = sessions_.find(member_string(d, "session_id"));
  if (it == sessions_.end() || it->second->token != member_string(d, "token") ||
      it->second->guild_id != member_string(d, "server_id")) {
    soup_websocket_connection_close(conn.ws.get(), 4006, "Session no longer valid");
    return;
  }
  ++resumes_;
  conn.session = it->second;
  conn.session->conn = &conn;
  if (dave_) dave_resumed(*conn.session);
  const gint64 seq_ack = d ? json_object_get_int_member_with_default(d, "seq_ack", -2) : -2;
  emit("resume", [&](JsonObject* o) {
    json_object_set_int_member(o, "connection", conn.id);
    json_object_set_string_member(o, "session_id", conn.session->session_id.c_str());
    json_object_set_int_member(o, "seq_ack", seq_ack);
  });
  send_op(conn, kResumed, nullptr);
}

bool VoiceServer::command(const std::string& line) {
  const auto w = split_words(line);
  if (w.empty()) return true;
  const std::string& cmd = w[0];
  auto on = [&] { return w.size() > 1 && w[1] == "on"; };
  // What has arrived by now belongs to the window a report or reset closes.
  if (cmd == "report" || cmd == "reset") read_udp();
  if (cmd == "report") {
    emit_report();
  } else if (cmd == "reset") {
    for (auto& [ssrc, s] : by_ssrc_) {
      s->stats->reset_counters();
      s->e2ee = {};
    }
  } else if (cmd == "acks") {
    ack_heartbeats_ = on();
  } else if (cmd == "udp") {
    udp_enabled_ = on();
  } else if (cmd == "truncate-discovery") {
    truncate_discovery_ = on();
  } else if (cmd == "close" && w.size() >= 2) {
    const int code = std::atoi(w[1].c_str());
    const std::string reason = w.size() > 2 ? line.substr(line.find(w[2])) : "";
    for (auto& c : connections_)
      if (!c->closed) soup_websocket_connection_close(c->ws.get(), code, reason.c_str());
  } else if (cmd == "drop") {
    // The connection just ends, without a close frame: the client sees 1006.
    for (auto& c : connections_)
      if (!c->closed)
        g_io_stream_close(soup_websocket_connection_get_io_stream(c->ws.get()), nullptr, nullptr);
  } else if (cmd == "dave-member") {
    if (!dave_command(w)) return false;
  } else if (cmd == "send-binary" && w.size() >= 3) {
    if (!send_raw_binary(w[1], w[2])) return false;
  } else if (cmd == "send" && w.size() >= 2) {
    const std::string payload = line.substr(line.find(w[1]));
    for (auto& c : connections_)
      if (!c->closed) soup_websocket_connection_send_text(c->ws.get(), payload.c_str());
  } else {
    return false;
  }
  emit("ok", [&](JsonObject* o) { json_object_set_string_member(o, "command", cmd.c_str()); });
  return true;
}

}  // namespace lava::voicetest
