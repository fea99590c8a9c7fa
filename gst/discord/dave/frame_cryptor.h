// DAVE media frame encryption (sender) and decryption (receiver) over the per-sender key
// ratchets. Opus frames are encrypted whole; the decryptor also handles unencrypted ranges.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

#include "bytes.h"
#include "crypto.h"
#include "key_ratchet.h"
#include "media_frame.h"

namespace lava::dave {

class FrameEncryptor {
 public:
  // Installs the ratchet for a new epoch (on execute_transition); the nonce restarts at 0.
  void set_ratchet(KeyRatchet ratchet);
  bool ready() const { return ratchet_.has_value(); }
  // Protocol frame for one Opus frame; silence frames pass through unchanged. nullopt when no
  // ratchet is installed yet.
  std::optional<Bytes> encrypt_opus(ByteView frame);
  // The same into `out`, allocating only when a new generation's key is derived (every 2^24
  // frames); returns its size, 0 when no ratchet is installed or `out` is too small.
  std::size_t encrypt_opus(ByteView frame, std::span<std::uint8_t> out);

 private:
  std::optional<KeyRatchet> ratchet_;
  std::uint64_t frames_ = 0;  // full counter: truncated nonce = low 32 bits, generation = >> 24
  std::optional<Aes128GcmSealer> sealer_;  // keyed for sealer_generation_
  std::uint32_t sealer_generation_ = 0;
};

// Decrypts one sender's frames. Ratchets of earlier epochs stay usable for a grace period (10 s
// in DAVE) so frames in flight across a transition still decrypt.
class FrameDecryptor {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kGracePeriod{10};

  void add_ratchet(KeyRatchet ratchet, Clock::time_point now);
  // Plaintext media, or a reason (not a protocol frame, no key, authentication failure, replay).
  Result<Bytes> decrypt(ByteView frame, Clock::time_point now);

 private:
  struct Epoch {
    KeyRatchet ratchet;
    std::optional<Clock::time_point> expires;  // set when a newer epoch arrives
    std::uint64_t newest = 0;                  // highest full nonce seen (+1), for replay checks
    std::deque<std::uint64_t> recent;          // full nonces seen within the replay window
  };
  bool try_epoch(Epoch& e, const ProtocolFrame& f, Bytes& out);

  std::deque<Epoch> epochs_;  // oldest first
};

}  // namespace lava::dave
