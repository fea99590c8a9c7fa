// GET/PATCH/DELETE /v4/sessions/{sessionId}/players[/{guildId}].
#pragma once

#include "http/router.h"

namespace lava::server {
struct Node;
}

namespace lava::server::rest {

void add_player_routes(http::Router& router, Node& node);

}  // namespace lava::server::rest
