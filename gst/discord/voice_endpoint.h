// The voice gateway URL for an endpoint a Lavalink client handed us. A bare `host[:port]` (what
// Discord sends) always means wss:// with certificate checks; an explicit ws:// URL is accepted
// only for a loopback host, so nothing can downgrade a real connection.
#pragma once

#include <optional>
#include <string>

namespace lava::discord {

struct VoiceUrl {
  std::string url;  // with ?v=8
  std::string error;
};

VoiceUrl voice_gateway_url(const std::string& endpoint);

}  // namespace lava::discord
