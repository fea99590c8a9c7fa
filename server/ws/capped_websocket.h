// The server side of a WebSocket on a connection stolen from libsoup, with every incoming data
// message (all its fragments together) limited in size: over the limit, the client gets a 1009
// close and nothing more of what it sends reaches libsoup. libsoup before 3.6 limits single
// frames only (CVE-2025-32049), and its own WebSocket handler gives us no way to wrap the stream.
#pragma once

#include <libsoup/soup.h>

#include <cstdint>

namespace lava::server::ws {

// A new reference. `stolen` is what soup_server_message_steal_connection returned; `origin` and
// `protocol` as for soup_websocket_connection_new.
SoupWebsocketConnection* new_capped_websocket(GIOStream* stolen, GUri* uri, const char* origin,
                                              const char* protocol,
                                              std::uint64_t max_message_bytes);

}  // namespace lava::server::ws
