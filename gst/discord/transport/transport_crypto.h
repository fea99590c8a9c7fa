// Discord voice transport encryption ("rtpsize" AEAD modes), GStreamer-free.
// Packet = RTP header (+ 4-byte extension header) ‖ AEAD(payload) ‖ 16-byte tag ‖ u32 BE nonce.
// The AAD is the clear header; the full nonce is the 4 counter bytes followed by zeros
// (checked against @discordjs/voice's Networking.encryptOpusPacket).
#pragma once

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace lava::discord {

enum class TransportMode { kAes256GcmRtpSize, kXChaCha20Poly1305RtpSize };

inline constexpr std::size_t kTransportKeySize = 32;
inline constexpr std::size_t kTransportTagSize = 16;
inline constexpr std::size_t kTransportNonceSize = 4;
// Bytes a sealed packet carries beyond header and payload.
inline constexpr std::size_t kTransportOverhead = kTransportTagSize + kTransportNonceSize;

using TransportKey = std::array<std::uint8_t, kTransportKeySize>;

std::string_view transport_mode_name(TransportMode mode);
std::optional<TransportMode> parse_transport_mode(std::string_view name);
// AES-GCM needs hardware support in libsodium; LAVA_TRANSPORT_NO_AES=1 hides it (tests).
bool transport_mode_available(TransportMode mode);
// Our preference among the modes the server offers; nullopt when none is usable.
std::optional<TransportMode> choose_transport_mode(const std::vector<std::string_view>& offered);

class TransportCipher {
 public:
  TransportCipher(TransportMode mode, const TransportKey& key);
  ~TransportCipher();
  TransportCipher(const TransportCipher&) = delete;
  TransportCipher& operator=(const TransportCipher&) = delete;

  TransportMode mode() const { return mode_; }

  // Encrypts in place: `packet` holds header_len clear bytes then payload_len bytes of payload
  // and has room for kTransportOverhead more. Returns the sealed packet's size.
  std::size_t seal(std::span<std::uint8_t> packet, std::size_t header_len, std::size_t payload_len,
                   std::uint32_t nonce) const;

  // Decrypts an RTP packet in place; returns the payload after any extension body, or nullopt
  // when the packet is malformed or fails authentication.
  std::optional<std::span<const std::uint8_t>> open(std::span<std::uint8_t> packet) const;

 private:
  TransportMode mode_;
  TransportKey key_;
  std::unique_ptr<crypto_aead_aes256gcm_state> aes_;  // expanded key schedule (AES only)
};

}  // namespace lava::discord
