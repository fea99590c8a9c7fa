#include "response.h"

#include <json-glib/json-glib.h>

#include "gobject_ptr.h"

namespace lava::server::http {

namespace {

void respond(SoupServerMessage* msg, unsigned status, const char* type, std::string_view body) {
  soup_server_message_set_status(msg, status, nullptr);
  soup_server_message_set_response(msg, type, SOUP_MEMORY_COPY, body.data(), body.size());
}

}  // namespace

void respond_json(SoupServerMessage* msg, unsigned status, std::string_view body) {
  respond(msg, status, "application/json", body);
}

void respond_text(SoupServerMessage* msg, unsigned status, std::string_view body) {
  respond(msg, status, "text/plain; charset=utf-8", body);
}

void respond_empty(SoupServerMessage* msg, unsigned status) {
  soup_server_message_set_status(msg, status, nullptr);
}

void respond_error(const Request& req, unsigned status, std::string_view message) {
  GObjectPtr<JsonBuilder> b(json_builder_new());
  json_builder_begin_object(b.get());
  json_builder_set_member_name(b.get(), "timestamp");
  json_builder_add_int_value(b.get(), g_get_real_time() / 1000);
  json_builder_set_member_name(b.get(), "status");
  json_builder_add_int_value(b.get(), status);
  json_builder_set_member_name(b.get(), "error");
  json_builder_add_string_value(b.get(), soup_status_get_phrase(status));
  json_builder_set_member_name(b.get(), "message");
  const std::string text(message);
  json_builder_add_string_value(b.get(), text.c_str());
  json_builder_set_member_name(b.get(), "path");
  const std::string path(req.path);
  json_builder_add_string_value(b.get(), path.c_str());
  if (req.trace) {
    json_builder_set_member_name(b.get(), "trace");
    const std::string trace =
        std::to_string(status) + " " + text + " at " + std::string(req.method) + " " + path;
    json_builder_add_string_value(b.get(), trace.c_str());
  }
  json_builder_end_object(b.get());
  JsonNodePtr root(json_builder_get_root(b.get()));
  GCharPtr body(json_to_string(root.get(), FALSE));
  respond_json(req.msg, status, body.get());
  // libsoup neither reads nor closes a connection after a refused WebSocket upgrade: without
  // this the connection (and its descriptor) would stay open for good.
  SoupMessageHeaders* request = soup_server_message_get_request_headers(req.msg);
  if (soup_message_headers_get_one(request, "Upgrade"))
    soup_message_headers_replace(soup_server_message_get_response_headers(req.msg), "Connection",
                                 "close");
}

}  // namespace lava::server::http
