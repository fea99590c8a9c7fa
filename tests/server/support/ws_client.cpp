#include "ws_client.h"

#include <json-glib/json-glib.h>

namespace lava::test {

JsonNodePtr parse_json(const std::string& body) {
  GObjectPtr<JsonParser> parser(json_parser_new());
  if (!json_parser_load_from_data(parser.get(), body.c_str(), static_cast<gssize>(body.size()),
                                  nullptr))
    return nullptr;
  JsonNode* root = json_parser_get_root(parser.get());
  return root ? JsonNodePtr(json_node_copy(root)) : nullptr;
}

std::string member_string(JsonObject* o, const char* name) {
  if (!o || !json_object_has_member(o, name)) return {};
  JsonNode* n = json_object_get_member(o, name);
  return JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
             ? json_node_get_string(n)
             : std::string();
}

WsClient::WsClient(int port, const std::map<std::string, std::string>& headers)
    : context_(g_main_context_new()) {
  g_main_context_push_thread_default(context_);
  session_.reset(soup_session_new());
  const std::string url = "ws://127.0.0.1:" + std::to_string(port) + "/v4/websocket";
  msg_.reset(soup_message_new("GET", url.c_str()));
  for (const auto& [name, value] : headers)
    soup_message_headers_replace(soup_message_get_request_headers(msg_.get()), name.c_str(),
                                 value.c_str());
  bool done = false;
  struct Ctx {
    WsClient* self;
    bool* done;
  } ctx{this, &done};
  soup_session_websocket_connect_async(
      session_.get(), msg_.get(), nullptr, nullptr, G_PRIORITY_DEFAULT, nullptr,
      [](GObject* session, GAsyncResult* res, gpointer data) {
        auto* c = static_cast<Ctx*>(data);
        c->self->socket_.reset(
            soup_session_websocket_connect_finish(SOUP_SESSION(session), res, nullptr));
        *c->done = true;
      },
      &ctx);
  const gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (!done && g_get_monotonic_time() < deadline) g_main_context_iteration(context_, TRUE);
  status_ = soup_message_get_status(msg_.get());
  if (socket_) g_signal_connect(socket_.get(), "message", G_CALLBACK(&WsClient::on_message), this);
  g_main_context_pop_thread_default(context_);
}

WsClient::~WsClient() {
  close();
  g_main_context_push_thread_default(context_);
  socket_.reset();
  msg_.reset();
  session_.reset();
  while (g_main_context_iteration(context_, FALSE)) {
  }
  g_main_context_pop_thread_default(context_);
  g_main_context_unref(context_);
}

std::string WsClient::response_header(const std::string& name) const {
  const char* v =
      soup_message_headers_get_one(soup_message_get_response_headers(msg_.get()), name.c_str());
  return v ? v : "";
}

void WsClient::on_message(SoupWebsocketConnection*, int type, GBytes* data, gpointer self_ptr) {
  if (type != SOUP_WEBSOCKET_DATA_TEXT) return;
  gsize size = 0;
  const char* text = static_cast<const char*>(g_bytes_get_data(data, &size));
  if (auto node = parse_json(std::string(text, size)))
    static_cast<WsClient*>(self_ptr)->inbox_.push_back(std::move(node));
}

JsonNodePtr WsClient::wait_for(const std::function<bool(JsonObject*)>& match, int timeout_ms) {
  g_main_context_push_thread_default(context_);
  const gint64 deadline = g_get_monotonic_time() + timeout_ms * 1000LL;
  JsonNodePtr found;
  for (;;) {
    while (!inbox_.empty()) {
      JsonNodePtr next = std::move(inbox_.front());
      inbox_.pop_front();
      if (JSON_NODE_HOLDS_OBJECT(next.get()) && match(json_node_get_object(next.get()))) {
        found = std::move(next);
        break;
      }
    }
    if (found || g_get_monotonic_time() >= deadline) break;
    g_main_context_iteration(context_, FALSE);
    g_usleep(2000);
  }
  g_main_context_pop_thread_default(context_);
  return found;
}

JsonNodePtr WsClient::wait_for_op(const std::string& op, const std::string& type, int timeout_ms) {
  return wait_for(
      [&](JsonObject* o) {
        return member_string(o, "op") == op && (type.empty() || member_string(o, "type") == type);
      },
      timeout_ms);
}

unsigned short WsClient::wait_closed(int timeout_ms) {
  if (!socket_) return 0;
  g_main_context_push_thread_default(context_);
  const gint64 deadline = g_get_monotonic_time() + timeout_ms * 1000LL;
  while (soup_websocket_connection_get_state(socket_.get()) != SOUP_WEBSOCKET_STATE_CLOSED &&
         g_get_monotonic_time() < deadline) {
    g_main_context_iteration(context_, FALSE);
    g_usleep(2000);
  }
  g_main_context_pop_thread_default(context_);
  return soup_websocket_connection_get_state(socket_.get()) == SOUP_WEBSOCKET_STATE_CLOSED
             ? soup_websocket_connection_get_close_code(socket_.get())
             : 0;
}

void WsClient::close() {
  if (!socket_ || soup_websocket_connection_get_state(socket_.get()) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  g_main_context_push_thread_default(context_);
  soup_websocket_connection_close(socket_.get(), SOUP_WEBSOCKET_CLOSE_NORMAL, nullptr);
  g_main_context_pop_thread_default(context_);
  wait_closed(2000);
}

}  // namespace lava::test
