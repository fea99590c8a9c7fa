// The stage between encoded Opus frames and RTP packetisation: DAVE end-to-end encryption
// (gst/discord/dave/) of each frame with the current MLS epoch's key, or pass-through while no
// epoch key is active (transport-only sessions, and a DAVE session before its first epoch).
//
// It runs on the sink's streaming thread when a frame is pushed into the ring, not on the pacing
// thread: one AES-GCM seal per frame is cheap, but the pacing thread serves thousands of
// connections per 20 ms slot and any per-frame work there delays every other connection's packet
// (and runs on one core), while streaming threads encrypt in parallel and ahead of time. The cost
// is that frames already in the ring at an epoch switch leave under the previous epoch's key:
// receivers keep a previous epoch for 10 s after a transition (protocol.md, "Transitions"), longer
// than the longest ring (kMaxRingFrames = 5 s), so those frames still decrypt, and no frame is
// ever encrypted with the new key before the gateway's execute_transition. Leaving a group (reset,
// new session) is different: nobody will hold its keys, so the gateway drops the queued frames
// (VoiceGateway::leave_e2ee_group). The sink encrypts inside SenderStream::push, under the ring's
// lock, which makes that drop exact, and so seals without allocating (see crypto.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>

#include "dave/frame_cryptor.h"

namespace lava::discord {

struct FrameTransformStats {
  std::uint64_t encrypted = 0;  // frames sent end-to-end encrypted
  std::uint64_t plain = 0;      // audio frames passed through unencrypted (silence not counted)
};

class FrameTransform {
 public:
  // Gateway thread: from now on, encrypt with `ratchet` (our own sender ratchet of the epoch that
  // was just executed), nonces restarting at 0.
  void set_ratchet(dave::KeyRatchet ratchet);
  // Gateway thread: pass frames through (DAVE version 0, a reset group, a new session).
  void clear();
  bool active() const;

  // Streaming thread: writes the frame to send into `out`; returns its size, or 0 to drop it.
  std::size_t transform(std::span<const std::uint8_t> opus, std::span<std::uint8_t> out);
  FrameTransformStats stats() const;

 private:
  mutable std::mutex mutex_;  // uncontended but for the rare epoch switch
  std::optional<dave::FrameEncryptor> encryptor_;
  FrameTransformStats stats_;
};

}  // namespace lava::discord
