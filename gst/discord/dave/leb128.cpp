#include "leb128.h"

namespace lava::dave {

std::size_t write_uleb128(std::span<std::uint8_t> out, std::uint64_t value) {
  std::size_t n = 0;
  while (value >= 0x80) {
    out[n++] = static_cast<std::uint8_t>(0x80 | (value & 0x7f));
    value >>= 7;
  }
  out[n++] = static_cast<std::uint8_t>(value);
  return n;
}

void write_uleb128(Bytes& out, std::uint64_t value) {
  std::uint8_t encoded[kMaxUleb128Size];
  const std::size_t n = write_uleb128(encoded, value);
  out.insert(out.end(), encoded, encoded + n);
}

std::optional<std::uint64_t> read_uleb128(ByteView data, std::size_t& pos) {
  std::uint64_t value = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (pos >= data.size()) return std::nullopt;
    const std::uint8_t byte = data[pos++];
    const std::uint64_t group = byte & 0x7f;
    if (shift == 63 && group > 1) return std::nullopt;
    value |= group << shift;
    if ((byte & 0x80) == 0) {
      if (byte == 0 && shift > 0) return std::nullopt;
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace lava::dave
