// Process-wide checks on what the node's media sources may open, for probing (/v4/loadtracks)
// and playback alike: a client can hand the player any encoded track, so the checks sit where
// GStreamer opens the source, not where identifiers are parsed.
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include <optional>
#include <string>
#include <vector>

#include "config.h"

namespace lava::server::sources {

enum class Confinement { kInside, kOutside, kMissing };

// Resolves `path` (or a file:// URI) with symlinks and `..` followed; kInside (and the resolved
// path in `resolved`) only if that lies under one of `roots`.
Confinement confine_path(const std::string& path, const std::vector<std::string>& roots,
                         std::string* resolved);

// Loopback, private (RFC 1918, RFC 4193), shared (RFC 6598), link-local, unspecified, multicast
// and the IPv4-mapped/compatible IPv6 forms of these.
bool is_private_address(GInetAddress* address);

// From now on every source a uridecodebin in this process creates, and every source handed to
// guard_source, must be filesrc under
// `config.local_roots` (with the local source enabled) or souphttpsrc (with the http source
// enabled); anything else fails with a GStreamer error. With `config.block_private_addresses`,
// plain HTTP connections (not WebSocket upgrades) to a private peer are cut as soon as they are
// connected: after DNS, for every redirect and every reconnect. Installed once per process;
// later calls change nothing.
void guard_media_sources(const Config& config);

// Applies the checks above to a player's source: a source that is not allowed posts a GStreamer
// error (RESOURCE/NOT_AUTHORIZED) instead of its first output.
void guard_source(GstElement* source);

// What refuse-by-address uses; tests narrow it to show the per-connection check on a redirect.
using AddressFilter = bool (*)(GInetAddress*);
void set_refused_addresses(AddressFilter filter);

}  // namespace lava::server::sources
