// ULEB128, as DAVE's frame trailer encodes the nonce and the unencrypted ranges.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "bytes.h"

namespace lava::dave {

inline constexpr std::size_t kMaxUleb128Size = 10;  // a 64-bit value
void write_uleb128(Bytes& out, std::uint64_t value);
// Into `out` (at least kMaxUleb128Size bytes, or as many as the value takes); returns the size.
std::size_t write_uleb128(std::span<std::uint8_t> out, std::uint64_t value);
// Reads from data[pos], advancing pos. nullopt on truncation, on a value above 64 bits and on a
// non-minimal encoding (a trailing 0x80 group), so one value has one encoding.
std::optional<std::uint64_t> read_uleb128(ByteView data, std::size_t& pos);

}  // namespace lava::dave
