// PATCH /v4/sessions/{sessionId}, GET /v4/stats, and the route planner endpoints.
#pragma once

#include "http/router.h"

namespace lava::server {
struct Node;
}

namespace lava::server::rest {

void add_session_routes(http::Router& router, Node& node);
void add_stats_routes(http::Router& router, Node& node);
// Without a configured route planner: status 204, the free endpoints 500, as Lavalink.
void add_routeplanner_routes(http::Router& router);

}  // namespace lava::server::rest
