// A client session: its WebSocket (absent while a resumable session waits for its client), the
// events queued meanwhile, and the players it owns.
#pragma once

#include <libsoup/soup.h>

#include <deque>
#include <map>
#include <memory>
#include <string>

#include "gobject_ptr.h"
#include "player/player.h"

namespace lava::server {
struct Node;
}

namespace lava::server::ws {

class Session {
 public:
  Session(std::string id, Node& node);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::string& id() const { return id_; }
  bool connected() const { return socket_ != nullptr; }
  // Takes the socket (ending one still attached), sends `ready` and then whatever was queued
  // while disconnected.
  void attach(SoupWebsocketConnection* socket, bool resumed);
  // The socket closed: keep waiting (resuming) or tell the registry to drop us.
  void detach();
  // Sends now, or queues while a resuming session is disconnected.
  void send(const std::string& json);

  bool resuming = false;
  std::string user_id;  // the bot's, from the User-Id header; players send it to Discord
  int timeout_s = 60;

  player::Player* find_player(const std::string& guild);
  // Null if the player's pipeline could not be built.
  player::Player* player(const std::string& guild);
  bool destroy_player(const std::string& guild);
  const std::map<std::string, std::unique_ptr<player::Player>>& players() const { return players_; }

 private:
  static void on_closed(SoupWebsocketConnection*, gpointer self);
  static gboolean on_player_update_tick(gpointer self);
  static gboolean on_expired(gpointer self);

  std::string id_;
  Node& node_;
  GObjectPtr<SoupWebsocketConnection> socket_;
  gulong closed_handler_ = 0;
  std::deque<std::string> queued_;
  guint update_timer_ = 0;
  guint expiry_timer_ = 0;
  std::map<std::string, std::unique_ptr<player::Player>> players_;
};

}  // namespace lava::server::ws
