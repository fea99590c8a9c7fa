// GET /version and GET /v4/info.
#pragma once

#include "config.h"
#include "http/router.h"

namespace lava::server::rest {

void add_info_routes(http::Router& router, const Config& config);

}  // namespace lava::server::rest
