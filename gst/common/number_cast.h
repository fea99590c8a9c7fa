// Conversions of numbers that arrive as JSON doubles, where a plain static_cast is undefined
// behaviour for values the sender chose out of range.
#pragma once

#include <cstdint>
#include <optional>

namespace lava {

// `v` truncated toward zero, or nullopt when it lies outside int64 or is not a number.
inline std::optional<std::int64_t> truncate_to_int64(double v) {
  // -2^63 and 2^63 are exact doubles; every double in [-2^63, 2^63) fits.
  if (!(v >= -0x1p63 && v < 0x1p63)) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

}  // namespace lava
