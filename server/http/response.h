// Writing responses: JSON, plain text, and Lavalink's error object.
#pragma once

#include <libsoup/soup.h>

#include <string>
#include <string_view>

#include "router.h"

namespace lava::server::http {

void respond_json(SoupServerMessage* msg, unsigned status, std::string_view body);
void respond_text(SoupServerMessage* msg, unsigned status, std::string_view body);
void respond_empty(SoupServerMessage* msg, unsigned status);
// {"timestamp","status","error","message","path"} (+ "trace" when the request asked for it).
void respond_error(const Request& req, unsigned status, std::string_view message);

}  // namespace lava::server::http
