// The Stats object (GET /v4/stats and the WebSocket `stats` op).
#pragma once

#include <string>

namespace lava::server {
struct Node;
}

namespace lava::server::stats {

// `websocket`: the `op` field and real frameStats (REST answers frameStats null, as Lavalink).
std::string stats_json(Node& node, bool websocket);

}  // namespace lava::server::stats
