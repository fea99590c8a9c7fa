#include "transport_crypto.h"

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace lava::discord {
namespace {

constexpr std::size_t kRtpHeaderSize = 12;

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();
  });
}

// The full AEAD nonce: the 4 wire bytes (big-endian counter) then zeros.
template <std::size_t N>
std::array<std::uint8_t, N> full_nonce(const std::uint8_t* wire) {
  std::array<std::uint8_t, N> nonce{};
  std::memcpy(nonce.data(), wire, kTransportNonceSize);
  return nonce;
}

}  // namespace

std::string_view transport_mode_name(TransportMode mode) {
  return mode == TransportMode::kAes256GcmRtpSize ? "aead_aes256_gcm_rtpsize"
                                                  : "aead_xchacha20_poly1305_rtpsize";
}

std::optional<TransportMode> parse_transport_mode(std::string_view name) {
  for (auto mode : {TransportMode::kAes256GcmRtpSize, TransportMode::kXChaCha20Poly1305RtpSize})
    if (transport_mode_name(mode) == name) return mode;
  return std::nullopt;
}

bool transport_mode_available(TransportMode mode) {
  ensure_sodium();
  if (mode == TransportMode::kXChaCha20Poly1305RtpSize) return true;
  const char* no_aes = std::getenv("LAVA_TRANSPORT_NO_AES");
  if (no_aes && std::strcmp(no_aes, "1") == 0) return false;
  return crypto_aead_aes256gcm_is_available() == 1;
}

std::optional<TransportMode> choose_transport_mode(const std::vector<std::string_view>& offered) {
  for (auto mode : {TransportMode::kAes256GcmRtpSize, TransportMode::kXChaCha20Poly1305RtpSize}) {
    if (!transport_mode_available(mode)) continue;
    for (auto name : offered)
      if (name == transport_mode_name(mode)) return mode;
  }
  return std::nullopt;
}

TransportCipher::TransportCipher(TransportMode mode, const TransportKey& key)
    : mode_(mode), key_(key) {
  ensure_sodium();
  if (mode_ == TransportMode::kAes256GcmRtpSize) {
    // Expanding the AES key schedule once per session instead of once per packet.
    aes_ = std::make_unique<crypto_aead_aes256gcm_state>();
    crypto_aead_aes256gcm_beforenm(aes_.get(), key_.data());
  }
}

TransportCipher::~TransportCipher() {
  if (aes_) sodium_memzero(aes_.get(), sizeof(*aes_));
  sodium_memzero(key_.data(), key_.size());
}

std::size_t TransportCipher::seal(std::span<std::uint8_t> packet, std::size_t header_len,
                                  std::size_t payload_len, std::uint32_t nonce) const {
  std::uint8_t* header = packet.data();
  std::uint8_t* payload = header + header_len;
  std::uint8_t* tag = payload + payload_len;
  std::uint8_t* wire_nonce = tag + kTransportTagSize;
  wire_nonce[0] = static_cast<std::uint8_t>(nonce >> 24);
  wire_nonce[1] = static_cast<std::uint8_t>(nonce >> 16);
  wire_nonce[2] = static_cast<std::uint8_t>(nonce >> 8);
  wire_nonce[3] = static_cast<std::uint8_t>(nonce);
  unsigned long long tag_len = 0;
  if (mode_ == TransportMode::kAes256GcmRtpSize) {
    auto n = full_nonce<crypto_aead_aes256gcm_NPUBBYTES>(wire_nonce);
    crypto_aead_aes256gcm_encrypt_detached_afternm(payload, tag, &tag_len, payload, payload_len,
                                                   header, header_len, nullptr, n.data(),
                                                   aes_.get());
  } else {
    auto n = full_nonce<crypto_aead_xchacha20poly1305_ietf_NPUBBYTES>(wire_nonce);
    crypto_aead_xchacha20poly1305_ietf_encrypt_detached(payload, tag, &tag_len, payload,
                                                        payload_len, header, header_len, nullptr,
                                                        n.data(), key_.data());
  }
  return header_len + payload_len + kTransportOverhead;
}

std::optional<std::span<const std::uint8_t>> TransportCipher::open(
    std::span<std::uint8_t> packet) const {
  if (packet.size() < kRtpHeaderSize + kTransportOverhead) return std::nullopt;
  const bool has_extension = (packet[0] & 0x10) != 0;
  const std::size_t csrc_bytes = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
  const std::size_t header_len = kRtpHeaderSize + csrc_bytes + (has_extension ? 4 : 0);
  if (packet.size() < header_len + kTransportOverhead) return std::nullopt;
  std::size_t extension_body = 0;
  if (has_extension) {
    const std::size_t words = (std::size_t{packet[header_len - 2]} << 8) | packet[header_len - 1];
    extension_body = words * 4;
  }
  const std::size_t cipher_len = packet.size() - header_len - kTransportOverhead;
  if (cipher_len < extension_body) return std::nullopt;
  std::uint8_t* cipher = packet.data() + header_len;
  const std::uint8_t* tag = cipher + cipher_len;
  const std::uint8_t* wire_nonce = tag + kTransportTagSize;
  int rc;
  if (mode_ == TransportMode::kAes256GcmRtpSize) {
    auto n = full_nonce<crypto_aead_aes256gcm_NPUBBYTES>(wire_nonce);
    rc = crypto_aead_aes256gcm_decrypt_detached_afternm(
        cipher, nullptr, cipher, cipher_len, tag, packet.data(), header_len, n.data(), aes_.get());
  } else {
    auto n = full_nonce<crypto_aead_xchacha20poly1305_ietf_NPUBBYTES>(wire_nonce);
    rc = crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
        cipher, nullptr, cipher, cipher_len, tag, packet.data(), header_len, n.data(), key_.data());
  }
  if (rc != 0) return std::nullopt;
  return std::span<const std::uint8_t>(cipher + extension_body, cipher_len - extension_body);
}

}  // namespace lava::discord
