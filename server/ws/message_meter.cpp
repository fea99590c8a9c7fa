#include "message_meter.h"

#include <algorithm>

namespace lava::server::ws {

namespace {

constexpr std::uint8_t kContinuation = 0x0;
constexpr std::uint8_t kFirstControlOpcode = 0x8;

// Header bytes after the first two: extended length (16 or 64 bit), then the 4-byte mask.
std::size_t header_size(std::uint8_t second_byte) {
  const std::uint8_t len7 = second_byte & 0x7f;
  const std::size_t ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  return 2 + ext + ((second_byte & 0x80) ? 4 : 0);
}

std::uint64_t payload_length(const std::array<std::uint8_t, 14>& h) {
  const std::uint8_t len7 = h[1] & 0x7f;
  if (len7 < 126) return len7;
  const std::size_t bytes = len7 == 126 ? 2 : 8;
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < bytes; ++i) n = (n << 8) | h[2 + i];
  return n;
}

}  // namespace

std::size_t MessageMeter::feed(std::span<const std::uint8_t> bytes) {
  if (exceeded_) return 0;
  std::size_t i = 0;
  std::size_t header_start = 0;  // a header begun in an earlier feed counts from 0 here
  while (i < bytes.size()) {
    if (payload_left_ > 0) {
      const auto skip =
          static_cast<std::size_t>(std::min<std::uint64_t>(payload_left_, bytes.size() - i));
      i += skip;
      payload_left_ -= skip;
      continue;
    }
    if (header_len_ == 0) header_start = i;
    header_[header_len_++] = bytes[i++];
    if (header_len_ < 2 || header_len_ < header_size(header_[1])) continue;
    header_len_ = 0;
    const std::uint64_t length = payload_length(header_);
    const std::uint8_t opcode = header_[0] & 0x0f;
    if (opcode < kFirstControlOpcode) {
      if (opcode != kContinuation) message_ = 0;
      if (length > max_ - message_) {  // message_ <= max_ always
        exceeded_ = true;
        return header_start;
      }
      message_ += length;
    }
    payload_left_ = length;
  }
  return bytes.size();
}

}  // namespace lava::server::ws
