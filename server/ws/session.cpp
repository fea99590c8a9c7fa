#include "session.h"

#include "http/json.h"
#include "node.h"

namespace lava::server::ws {

namespace {

// A resumable session that nobody resumes must not grow without bound.
constexpr std::size_t kMaxQueuedMessages = 10000;

}  // namespace

Session::Session(std::string id, Node& node) : id_(std::move(id)), node_(node) {
  update_timer_ = g_timeout_add_seconds(std::max(1, node_.config.player_update_interval_s),
                                        &Session::on_player_update_tick, this);
}

Session::~Session() {
  g_source_remove(update_timer_);
  if (expiry_timer_) g_source_remove(expiry_timer_);
  // As Lavalink's player cleanup: a track still playing ends with `cleanup` (heard only when the
  // socket is still open, e.g. at shutdown).
  for (const auto& [guild, p] : players_) p->clean_up();
  if (socket_) {
    g_signal_handler_disconnect(socket_.get(), closed_handler_);
    if (soup_websocket_connection_get_state(socket_.get()) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close(socket_.get(), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, nullptr);
  }
  players_.clear();
}

void Session::attach(SoupWebsocketConnection* socket, bool resumed) {
  if (expiry_timer_) g_source_remove(expiry_timer_);
  expiry_timer_ = 0;
  // A client resuming before the node has seen its old connection end (it dropped the socket
  // and reconnected at once): that connection is dead to the client, the new one takes over.
  if (socket_) {
    g_signal_handler_disconnect(socket_.get(), closed_handler_);
    soup_websocket_connection_close(socket_.get(), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, nullptr);
  }
  socket_.reset(static_cast<SoupWebsocketConnection*>(g_object_ref(socket)));
  closed_handler_ = g_signal_connect(socket, "closed", G_CALLBACK(&Session::on_closed), this);
  http::JsonWriter w;
  send(w.begin_object()
           .string("op", "ready")
           .boolean("resumed", resumed)
           .string("sessionId", id_)
           .end_object()
           .str());
  while (!queued_.empty()) {
    send(queued_.front());
    queued_.pop_front();
  }
}

void Session::detach() {
  if (socket_) g_signal_handler_disconnect(socket_.get(), closed_handler_);
  socket_.reset();
  if (!resuming) return node_.sessions.remove(id_);
  expiry_timer_ = g_timeout_add_seconds(std::max(0, timeout_s), &Session::on_expired, this);
}

void Session::send(const std::string& json) {
  if (socket_ && soup_websocket_connection_get_state(socket_.get()) == SOUP_WEBSOCKET_STATE_OPEN) {
    soup_websocket_connection_send_text(socket_.get(), json.c_str());
    return;
  }
  if (resuming && queued_.size() < kMaxQueuedMessages) queued_.push_back(json);
}

player::Player* Session::find_player(const std::string& guild) {
  auto it = players_.find(guild);
  return it == players_.end() ? nullptr : it->second.get();
}

player::Player* Session::player(const std::string& guild) {
  if (auto* p = find_player(guild)) return p;
  auto p = std::make_unique<player::Player>(guild, user_id, node_.config, node_.player_template,
                                            node_.pacer,
                                            [this](const std::string& json) { send(json); });
  if (!p->ok()) return nullptr;
  return players_.emplace(guild, std::move(p)).first->second.get();
}

bool Session::destroy_player(const std::string& guild) {
  return players_.erase(guild) > 0;
}

void Session::on_closed(SoupWebsocketConnection*, gpointer self) {
  static_cast<Session*>(self)->detach();
}

gboolean Session::on_player_update_tick(gpointer self_ptr) {
  auto* self = static_cast<Session*>(self_ptr);
  if (!self->connected()) return G_SOURCE_CONTINUE;
  for (const auto& [guild, p] : self->players_)
    if (p->track()) self->send(player::player_update(guild, p->state()));
  return G_SOURCE_CONTINUE;
}

gboolean Session::on_expired(gpointer self_ptr) {
  auto* self = static_cast<Session*>(self_ptr);
  self->expiry_timer_ = 0;
  self->node_.sessions.remove(self->id_);
  return G_SOURCE_REMOVE;
}

}  // namespace lava::server::ws
