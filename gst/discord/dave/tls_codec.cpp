#include "tls_codec.h"

#include <cstdlib>

namespace lava::dave {

void TlsWriter::u16(std::uint16_t v) {
  u8(static_cast<std::uint8_t>(v >> 8));
  u8(static_cast<std::uint8_t>(v));
}

void TlsWriter::u32(std::uint32_t v) {
  u16(static_cast<std::uint16_t>(v >> 16));
  u16(static_cast<std::uint16_t>(v));
}

void TlsWriter::u64(std::uint64_t v) {
  u32(static_cast<std::uint32_t>(v >> 32));
  u32(static_cast<std::uint32_t>(v));
}

void TlsWriter::varint(std::uint32_t v) {
  if (v < (1u << 6)) {
    u8(static_cast<std::uint8_t>(v));
  } else if (v < (1u << 14)) {
    u16(static_cast<std::uint16_t>(0x4000 | v));
  } else if (v <= kMaxVarint) {
    u32(0x80000000u | v);
  } else {
    std::abort();  // no MLS object of ours comes near 1 GiB
  }
}

void TlsWriter::opaque(ByteView bytes) {
  varint(static_cast<std::uint32_t>(bytes.size()));
  raw(bytes);
}

std::uint64_t TlsReader::be(std::size_t n) {
  ByteView b = raw(n);
  std::uint64_t v = 0;
  for (std::uint8_t x : b) v = (v << 8) | x;
  return v;
}

std::uint8_t TlsReader::u8() {
  return static_cast<std::uint8_t>(be(1));
}
std::uint16_t TlsReader::u16() {
  return static_cast<std::uint16_t>(be(2));
}
std::uint32_t TlsReader::u32() {
  return static_cast<std::uint32_t>(be(4));
}
std::uint64_t TlsReader::u64() {
  return be(8);
}

ByteView TlsReader::raw(std::size_t n) {
  if (!ok_ || n > remaining()) {
    ok_ = false;
    return {};
  }
  ByteView out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

std::uint32_t TlsReader::varint() {
  if (!ok_ || remaining() == 0) {
    ok_ = false;
    return 0;
  }
  const std::uint8_t prefix = data_[pos_] >> 6;
  std::uint32_t v = 0;
  std::uint32_t min = 0;
  if (prefix == 0) {
    v = u8();
  } else if (prefix == 1) {
    v = u16() & 0x3fffu;
    min = 1u << 6;
  } else if (prefix == 2) {
    v = u32() & 0x3fffffffu;
    min = 1u << 14;
  } else {
    ok_ = false;  // 0b11 is reserved
    return 0;
  }
  // RFC 9420 §2.1.2: a length must use the shortest encoding.
  if (v < min) ok_ = false;
  return ok_ ? v : 0;
}

ByteView TlsReader::opaque() {
  const std::uint32_t n = varint();
  return raw(n);
}

bool TlsReader::presence() {
  const std::uint8_t p = u8();
  if (p > 1) ok_ = false;
  return ok_ && p == 1;
}

}  // namespace lava::dave
