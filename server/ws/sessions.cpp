#include "sessions.h"

#include <vector>

#include "http/response.h"
#include "node.h"
#include "stats/stats_json.h"

namespace lava::server::ws {

namespace {

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
  soup_server_add_websocket_handler(server, "/v4/websocket", nullptr, nullptr,
                                    &Sessions::on_websocket, this, nullptr);
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

// Runs before libsoup accepts the upgrade: a status set here refuses it.
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
  const bool resumed = resumable && resumable->resuming && !resumable->connected();
  SoupMessageHeaders* out = soup_server_message_get_response_headers(msg);
  soup_message_headers_replace(out, "Session-Resumed", resumed ? "true" : "false");
  soup_message_headers_replace(out, "Lavalink-Major-Version", "4");
}

void Sessions::on_websocket(SoupServer*, SoupServerMessage* msg, const char*,
                            SoupWebsocketConnection* socket, gpointer self_ptr) {
  auto* self = static_cast<Sessions*>(self_ptr);
  const char* resume = header(msg, "Session-Id");
  Session* session = resume ? self->find(resume) : nullptr;
  const bool resumed = session && session->resuming && !session->connected();
  if (!resumed) {
    const std::string id = self->new_id();
    session =
        self->sessions_.emplace(id, std::make_unique<Session>(id, self->node_)).first->second.get();
  }
  if (const char* user = header(msg, "User-Id")) session->user_id = user;
  session->attach(socket, resumed);
}

}  // namespace lava::server::ws
