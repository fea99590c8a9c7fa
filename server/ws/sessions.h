// The node's sessions by id, and the /v4/websocket endpoint that creates and resumes them.
#pragma once

#include <libsoup/soup.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "ws/session.h"

namespace lava::server {
struct Node;
}

namespace lava::server::ws {

class Sessions {
 public:
  explicit Sessions(Node& node) : node_(node) {}
  ~Sessions();

  // Registers the upgrade check and the WebSocket handler on `server`.
  void listen(SoupServer* server);
  Session* find(const std::string& id);
  void remove(const std::string& id);
  void for_each(const std::function<void(Session&)>& fn);
  std::size_t size() const { return sessions_.size(); }

 private:
  static void on_upgrade_request(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable*,
                                 gpointer self);
  static void on_upgraded(SoupServerMessage* msg, gpointer self);
  void on_websocket(SoupServerMessage* msg, SoupWebsocketConnection* socket);
  std::string new_id() const;

  Node& node_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  guint stats_timer_ = 0;
};

}  // namespace lava::server::ws
