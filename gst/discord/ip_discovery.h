// Discord's UDP IP discovery packets (74 bytes: u16 type, u16 length 70, u32 ssrc, 64-byte
// NUL-terminated address, u16 port; all big-endian), as @discordjs/voice's VoiceUDPSocket reads
// them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace lava::discord {

inline constexpr std::size_t kIpDiscoverySize = 74;

inline std::array<std::uint8_t, kIpDiscoverySize> ip_discovery_request(std::uint32_t ssrc) {
  std::array<std::uint8_t, kIpDiscoverySize> p{};
  p[1] = 1;
  p[3] = 70;
  for (int i = 0; i < 4; ++i) p[4 + i] = static_cast<std::uint8_t>(ssrc >> (24 - 8 * i));
  return p;
}

struct DiscoveredAddress {
  std::string ip;
  std::uint16_t port = 0;
};

// nullopt for anything but a complete type-2 reply with a NUL-terminated address.
inline std::optional<DiscoveredAddress> parse_ip_discovery_reply(std::span<const std::uint8_t> p) {
  if (p.size() != kIpDiscoverySize || p[0] != 0 || p[1] != 2) return std::nullopt;
  std::size_t end = 8;
  while (end < 72 && p[end] != 0) ++end;
  if (end == 8 || end == 72) return std::nullopt;
  return DiscoveredAddress{std::string(p.begin() + 8, p.begin() + static_cast<long>(end)),
                           static_cast<std::uint16_t>((p[72] << 8) | p[73])};
}

}  // namespace lava::discord
