// DAVE protocol media frames: interleaved ciphertext ‖ 8-byte truncated AES-128-GCM tag ‖
// ULEB128 nonce ‖ ULEB128 (offset, size) unencrypted ranges ‖ supplemental size ‖ 0xFAFA.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "bytes.h"

namespace lava::dave {

inline constexpr std::size_t kMediaTagSize = 8;
inline constexpr std::array<std::uint8_t, 2> kMagicMarker{0xfa, 0xfa};
inline constexpr std::array<std::uint8_t, 3> kOpusSilence{0xf8, 0xff, 0xfe};
// tag + one nonce byte + size byte + magic
inline constexpr std::size_t kMinSupplementalSize = kMediaTagSize + 1 + 1 + kMagicMarker.size();
// A sender's own: tag + a 32-bit nonce (at most 5 ULEB128 bytes) + size byte + magic.
inline constexpr std::size_t kMaxSupplementalSize = kMediaTagSize + 5 + 1 + kMagicMarker.size();

struct UnencryptedRange {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
};

struct ProtocolFrame {
  ByteView interleaved;  // the media bytes: ciphertext with any unencrypted ranges in place
  ByteView tag;
  std::uint32_t nonce = 0;
  std::vector<UnencryptedRange> ranges;
};

// The protocol frame check: magic, a plausible supplemental size, a 32-bit nonce and ascending,
// non-overlapping ranges inside the media bytes. Total: any input gives a frame or a reason.
Result<ProtocolFrame> parse_protocol_frame(ByteView frame);
bool is_opus_silence(ByteView frame);

// The 12-byte AES-GCM nonce: 8 zero bytes then the 32-bit truncated nonce, little-endian.
std::array<std::uint8_t, 12> media_nonce(std::uint32_t truncated_nonce);
// Generation of a truncated nonce: its most significant byte.
inline std::uint32_t nonce_generation(std::uint32_t truncated_nonce) {
  return truncated_nonce >> 24;
}

}  // namespace lava::dave
