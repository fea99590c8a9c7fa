// A WebSocket client for the node's tests, on its own main context iterated while waiting.
#pragma once

#include <libsoup/soup.h>

#include <deque>
#include <functional>
#include <map>
#include <string>

#include "gobject_ptr.h"

namespace lava::test {

class WsClient {
 public:
  // Connects to ws://127.0.0.1:port/v4/websocket with `headers`; see ok()/status().
  WsClient(int port, const std::map<std::string, std::string>& headers);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  bool ok() const { return socket_ != nullptr; }
  unsigned status() const { return status_; }  // HTTP status of the upgrade
  std::string response_header(const std::string& name) const;
  // Next message (in arrival order) for which `match` is true, removing it and everything
  // before it; null after `timeout_ms`.
  JsonNodePtr wait_for(const std::function<bool(JsonObject*)>& match, int timeout_ms);
  // Shorthand: an op, or an event type when op is "event".
  JsonNodePtr wait_for_op(const std::string& op, const std::string& type, int timeout_ms);
  void close();
  // The close code the node ended the connection with; 0 while it is still open after
  // `timeout_ms`.
  unsigned short wait_closed(int timeout_ms);

 private:
  static void on_message(SoupWebsocketConnection*, int type, GBytes* data, gpointer self);

  GMainContext* context_;
  GObjectPtr<SoupSession> session_;
  GObjectPtr<SoupMessage> msg_;
  GObjectPtr<SoupWebsocketConnection> socket_;
  unsigned status_ = 0;
  std::deque<JsonNodePtr> inbox_;
};

JsonNodePtr parse_json(const std::string& body);
std::string member_string(JsonObject* o, const char* name);

}  // namespace lava::test
