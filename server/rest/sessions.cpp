#include "sessions.h"

#include "http/json.h"
#include "http/response.h"
#include "node.h"
#include "session_update.h"
#include "stats/stats_json.h"

namespace lava::server::rest {

namespace {

void update_session(Node& node, const http::Request& req) {
  ws::Session* s = node.sessions.find(req.params.at(0));
  if (!s) return http::respond_error(req, SOUP_STATUS_NOT_FOUND, "Session not found");
  std::string error;
  JsonNodePtr root = http::parse_json(req.body(), &error);
  if (!root) return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "Invalid JSON: " + error);
  auto update = parse_session_update(root.get(), &error);
  if (!update) return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, error);
  if (update->resuming) s->resuming = *update->resuming;
  if (update->timeout_s) s->timeout_s = *update->timeout_s;
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
