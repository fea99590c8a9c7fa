// Bounds on what one HTTP request may cost the node, applied to every request the SoupServer
// reads (REST and the WebSocket upgrade): a read deadline and a capped body buffer.
#pragma once

#include <libsoup/soup.h>

#include <cstdint>
#include <string_view>

namespace lava::server::http {

// Gives every request `server` reads `read_timeout_s` from the moment its connection waits for
// it (a new connection, or the next request on a kept-alive one) until its body is complete;
// past that the connection is shut down. Bounds slowloris clients and idle connections alike.
void guard_requests(SoupServer* server, unsigned read_timeout_s);

// Called from the early handler: keeps the body in a buffer of at most `max_body_bytes` instead
// of libsoup's unbounded one (a chunked upload announces no size).
void cap_request_body(SoupServerMessage* msg, std::int64_t max_body_bytes);
// The body kept by cap_request_body; `too_large` is set when it went over the cap.
std::string_view capped_request_body(SoupServerMessage* msg, bool* too_large);

}  // namespace lava::server::http
