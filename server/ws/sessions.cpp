#include "sessions.h"

#include <vector>

#include "http/response.h"
#include "node.h"
#include "stats/stats_json.h"
#include "ws/capped_websocket.h"

namespace lava::server::ws {

namespace {

// Clients send the node nothing it needs (Lavalink ignores their messages): libsoup's default
// frame limit, applied to whole messages as libsoup >= 3.6 does.
constexpr std::uint64_t kMaxIncomingMessageBytes = 128 * 1024;

const char* header(SoupServerMessage* msg, const char* name) {
  return soup_message_headers_get_one(soup_server_message_get_request_headers(msg), name);
}

gboolean send_stats(gpointer node_ptr) {
  auto& node = *static_cast<Node*>(node_ptr);
  if (node.sessions.size() == 0) return G_SOURCE_CONTINUE;
  const std::string stats = stats::stats_json(node, true);
  node.sessions.for_each([&](Session& s) {
    if (s.connected()) s.send(stats);
  });
  return G_SOURCE_CONTINUE;
}

}  // namespace

Sessions::~Sessions() {
  if (stats_timer_) g_source_remove(stats_timer_);
  sessions_.clear();
}

void Sessions::listen(SoupServer* server) {
  soup_server_add_handler(server, "/v4/websocket", &Sessions::on_upgrade_request, this, nullptr);
  stats_timer_ = g_timeout_add_seconds(node_.config.stats_interval_s, send_stats, &node_);
}

Session* Sessions::find(const std::string& id) {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second.get();
}

void Sessions::remove(const std::string& id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  // Destroying a session may run code that looks the registry up; unlink it first.
  std::unique_ptr<Session> doomed = std::move(it->second);
  sessions_.erase(it);
}

void Sessions::for_each(const std::function<void(Session&)>& fn) {
  for (auto& [id, s] : sessions_) fn(*s);
}

std::string Sessions::new_id() const {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (;;) {
    std::string id;
    for (int i = 0; i < 16; ++i) id += kAlphabet[g_random_int_range(0, sizeof(kAlphabet) - 1)];
    if (!sessions_.count(id)) return id;
  }
}

// The upgrade is ours, not libsoup's WebSocket handler's, so that the connection's input can be
// wrapped (capped_websocket.h). No extensions are offered: with permessage-deflate a small frame
// could inflate past any limit on the bytes read.
void Sessions::on_upgrade_request(SoupServer*, SoupServerMessage* msg, const char* path,
                                  GHashTable* query, gpointer self_ptr) {
  auto* self = static_cast<Sessions*>(self_ptr);
  http::Request req{msg, soup_server_message_get_method(msg), path, {}, query};
  const bool authorized = http::password_matches(self->node_.config.password,
                                                 soup_server_message_get_request_headers(msg));
  if (!authorized) return http::respond_error(req, SOUP_STATUS_UNAUTHORIZED, "Unauthorized");
  const char* user = header(msg, "User-Id");
  if (!user || !*user)
    return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "Missing User-Id header");
  const char* resume = header(msg, "Session-Id");
  Session* resumable = resume ? self->find(resume) : nullptr;
  const bool resumed = resumable && resumable->resuming;
  SoupMessageHeaders* out = soup_server_message_get_response_headers(msg);
  soup_message_headers_replace(out, "Session-Resumed", resumed ? "true" : "false");
  soup_message_headers_replace(out, "Lavalink-Major-Version", "4");
  GError* error = nullptr;
  if (!soup_websocket_server_check_handshake(msg, nullptr, nullptr, nullptr, &error)) {
    const std::string message = error->message;
    g_error_free(error);
    http::respond_error(req, SOUP_STATUS_BAD_REQUEST, message);
    // Not an upgrade at all (no Upgrade header): end it all the same, nothing more is served here.
    soup_message_headers_replace(out, "Connection", "close");
    return;
  }
  soup_websocket_server_process_handshake(msg, nullptr, nullptr, nullptr, nullptr);
  g_signal_connect(msg, "wrote-informational", G_CALLBACK(&Sessions::on_upgraded), self);
}

// The 101 is out: the connection is ours.
void Sessions::on_upgraded(SoupServerMessage* msg, gpointer self_ptr) {
  GObjectPtr<SoupServerMessage> keep(SOUP_SERVER_MESSAGE(g_object_ref(msg)));
  GObjectPtr<GIOStream> stream(soup_server_message_steal_connection(msg));
  if (!stream) return;
  GObjectPtr<SoupWebsocketConnection> socket(
      new_capped_websocket(stream.get(), soup_server_message_get_uri(msg), header(msg, "Origin"),
                           nullptr, kMaxIncomingMessageBytes));
  static_cast<Sessions*>(self_ptr)->on_websocket(msg, socket.get());
}

void Sessions::on_websocket(SoupServerMessage* msg, SoupWebsocketConnection* socket) {
  const char* resume = header(msg, "Session-Id");
  Session* session = resume ? find(resume) : nullptr;
  const bool resumed = session && session->resuming;
  if (!resumed) {
    const std::string id = new_id();
    session = sessions_.emplace(id, std::make_unique<Session>(id, node_)).first->second.get();
  }
  if (const char* user = header(msg, "User-Id")) session->user_id = user;
  session->attach(socket, resumed);
}

}  // namespace lava::server::ws
