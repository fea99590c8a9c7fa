#include "sessions.h"

#include "http/json.h"
#include "http/response.h"
#include "node.h"
#include "stats/stats_json.h"

namespace lava::server::rest {

namespace {

void update_session(Node& node, const http::Request& req) {
  ws::Session* s = node.sessions.find(req.params.at(0));
  if (!s) return http::respond_error(req, SOUP_STATUS_NOT_FOUND, "Session not found");
  std::string error;
  JsonNodePtr root = http::parse_json(req.body(), &error);
  if (!root) return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "Invalid JSON: " + error);
  if (!JSON_NODE_HOLDS_OBJECT(root.get()))
    return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "The body must be a JSON object");
  JsonObject* o = json_node_get_object(root.get());
  JsonNode* resuming = json_object_get_member(o, "resuming");
  JsonNode* timeout = json_object_get_member(o, "timeout");
  if (resuming &&
      (!JSON_NODE_HOLDS_VALUE(resuming) || json_node_get_value_type(resuming) != G_TYPE_BOOLEAN))
    return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "resuming must be a boolean");
  if (timeout &&
      (!JSON_NODE_HOLDS_VALUE(timeout) || json_node_get_value_type(timeout) != G_TYPE_INT64 ||
       json_node_get_int(timeout) < 0 || json_node_get_int(timeout) > G_MAXINT / 1000))
    return http::respond_error(req, SOUP_STATUS_BAD_REQUEST,
                               "timeout must be a non-negative number of seconds");
  if (resuming) s->resuming = json_node_get_boolean(resuming);
  if (timeout) s->timeout_s = static_cast<int>(json_node_get_int(timeout));
  http::JsonWriter w;
  http::respond_json(req.msg, SOUP_STATUS_OK,
                     w.begin_object()
                         .boolean("resuming", s->resuming)
                         .integer("timeout", s->timeout_s)
                         .end_object()
                         .str());
}

void disabled_route_planner(const http::Request& req) {
  http::respond_error(req, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                      "Can't access disabled route planner");
}

}  // namespace

void add_session_routes(http::Router& router, Node& node) {
  router.add("PATCH", "/v4/sessions/{}",
             [&node](const http::Request& req) { update_session(node, req); });
}

void add_stats_routes(http::Router& router, Node& node) {
  router.add("GET", "/v4/stats", [&node](const http::Request& req) {
    http::respond_json(req.msg, SOUP_STATUS_OK, stats::stats_json(node, false));
  });
}

void add_routeplanner_routes(http::Router& router) {
  router.add("GET", "/v4/routeplanner/status", [](const http::Request& req) {
    http::respond_empty(req.msg, SOUP_STATUS_NO_CONTENT);
  });
  router.add("POST", "/v4/routeplanner/free/address", disabled_route_planner);
  router.add("POST", "/v4/routeplanner/free/all", disabled_route_planner);
}

}  // namespace lava::server::rest
