// TLS presentation language (RFC 8446 §3) with MLS variable-length vectors (RFC 9420 §2.1.2).
#pragma once

#include <cstdint>

#include "bytes.h"

namespace lava::dave {

// Largest length a varint header can carry (30 bits).
inline constexpr std::uint32_t kMaxVarint = (1u << 30) - 1;

class TlsWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v);
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void raw(ByteView bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  // Minimal-length varint; values above kMaxVarint are a programming error and abort.
  void varint(std::uint32_t v);
  // opaque data<V>: varint length then the bytes.
  void opaque(ByteView bytes);
  // A <V> vector whose body is written by `body` into a nested writer.
  template <class F>
  void vector(F&& body) {
    TlsWriter inner;
    body(inner);
    opaque(inner.out_);
  }
  const Bytes& bytes() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

// Bounds-checked reader. A failed read marks the reader failed and returns zero/empty; callers
// check ok() once after a sequence of reads. Lengths from the input are never trusted: a length
// beyond the remaining bytes fails the reader.
class TlsReader {
 public:
  explicit TlsReader(ByteView data) : data_(data) {}
  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::uint64_t u64();
  ByteView raw(std::size_t n);
  std::uint32_t varint();
  ByteView opaque();
  // Reader over the body of a <V> vector; the parent moves past it.
  TlsReader vector() { return TlsReader(opaque(), !ok_); }
  // Reads an optional<T> presence byte (0 or 1).
  bool presence();
  ByteView rest() { return raw(remaining()); }

  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == data_.size(); }
  std::size_t remaining() const { return data_.size() - pos_; }
  std::size_t position() const { return pos_; }
  void fail() { ok_ = false; }

 private:
  TlsReader(ByteView data, bool failed) : data_(data), ok_(!failed) {}
  std::uint64_t be(std::size_t n);

  ByteView data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// Reads a whole <V> vector of items with `item(TlsReader&)`; fails the reader on a bad item.
template <class T, class F>
std::vector<T> read_vector(TlsReader& r, F&& item) {
  std::vector<T> out;
  TlsReader body = r.vector();
  while (body.ok() && body.remaining() > 0) out.push_back(item(body));
  if (!body.ok()) r.fail();
  return out;
}

}  // namespace lava::dave
