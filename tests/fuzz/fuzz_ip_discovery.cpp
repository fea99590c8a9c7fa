#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "ip_discovery.h"

// The UDP IP-discovery reply, as VoiceGateway::on_udp_readable reads it. An accepted reply
// must name an address of 1–63 bytes without a NUL, which the gateway sends back verbatim.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto found = lava::discord::parse_ip_discovery_reply(std::span<const std::uint8_t>(data, size));
  if (found &&
      (found->ip.empty() || found->ip.size() > 63 || found->ip.find('\0') != std::string::npos))
    std::abort();
  return 0;
}
