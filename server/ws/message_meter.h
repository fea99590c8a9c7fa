// Follows the frames a WebSocket client sends (RFC 6455 §5.2) without buffering them, to bound
// one data message across all its fragments. libsoup before 3.6 checks its
// max-incoming-payload-size per frame only, so a client could grow a message without end by
// sending continuation frames (CVE-2025-32049; Debian 12 ships 3.2).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace lava::server::ws {

class MessageMeter {
 public:
  explicit MessageMeter(std::uint64_t max_message_bytes) : max_(max_message_bytes) {}

  // How many of `bytes` may be passed on: all of them, or those before the header of the frame
  // that takes its message over the limit; exceeded() is true from then on and feed() passes
  // nothing more.
  std::size_t feed(std::span<const std::uint8_t> bytes);
  bool exceeded() const { return exceeded_; }

 private:
  std::uint64_t max_;
  std::uint64_t message_ = 0;  // payload bytes of the data message in progress
  std::uint64_t payload_left_ = 0;
  std::array<std::uint8_t, 14> header_{};
  std::size_t header_len_ = 0;
  bool exceeded_ = false;
};

}  // namespace lava::server::ws
