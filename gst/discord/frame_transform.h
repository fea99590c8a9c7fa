// The stage between encoded Opus frames and RTP packetisation. Today it passes frames through;
// DAVE (end-to-end encryption, gst/discord/dave/) plugs in here and encrypts each frame with the
// current MLS epoch's key before the transport layer seals the packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace lava::discord {

class FrameTransform {
 public:
  virtual ~FrameTransform() = default;
  // Writes the frame to send into `out`; returns its size, or 0 to drop the frame.
  virtual std::size_t transform(std::span<const std::uint8_t> opus,
                                std::span<std::uint8_t> out) = 0;
};

class PassthroughTransform final : public FrameTransform {
 public:
  std::size_t transform(std::span<const std::uint8_t> opus, std::span<std::uint8_t> out) override {
    if (opus.size() > out.size()) return 0;
    std::memcpy(out.data(), opus.data(), opus.size());
    return opus.size();
  }
};

}  // namespace lava::discord
