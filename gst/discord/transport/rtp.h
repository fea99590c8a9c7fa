// The 12-byte RTP header of Discord voice packets (version 2, payload type 120, big-endian).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace lava::discord {

inline constexpr std::size_t kRtpHeaderSize = 12;
inline constexpr std::uint8_t kRtpOpusPayloadType = 0x78;
inline constexpr std::uint32_t kRtpSamplesPerFrame = 960;  // 20 ms at 48 kHz

struct RtpHeader {
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
};

inline void write_rtp_header(std::span<std::uint8_t, kRtpHeaderSize> out, const RtpHeader& h) {
  out[0] = 0x80;
  out[1] = kRtpOpusPayloadType;
  out[2] = static_cast<std::uint8_t>(h.sequence >> 8);
  out[3] = static_cast<std::uint8_t>(h.sequence);
  for (int i = 0; i < 4; ++i) {
    out[4 + i] = static_cast<std::uint8_t>(h.timestamp >> (24 - 8 * i));
    out[8 + i] = static_cast<std::uint8_t>(h.ssrc >> (24 - 8 * i));
  }
}

inline std::optional<RtpHeader> parse_rtp_header(std::span<const std::uint8_t> in) {
  if (in.size() < kRtpHeaderSize || (in[0] & 0xc0) != 0x80) return std::nullopt;
  auto u32 = [&](std::size_t at) {
    return (std::uint32_t{in[at]} << 24) | (std::uint32_t{in[at + 1]} << 16) |
           (std::uint32_t{in[at + 2]} << 8) | in[at + 3];
  };
  return RtpHeader{static_cast<std::uint16_t>((in[2] << 8) | in[3]), u32(4), u32(8)};
}

}  // namespace lava::discord
