// GET /v4/loadtracks, GET /v4/decodetrack, POST /v4/decodetracks.
#pragma once

#include "http/router.h"

namespace lava::server {
struct Node;
}

namespace lava::server::rest {

void add_track_routes(http::Router& router, Node& node);

}  // namespace lava::server::rest
