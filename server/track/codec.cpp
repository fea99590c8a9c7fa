#include "codec.h"

#include <glib.h>

#include <vector>

#include "modified_utf8.h"

namespace lava::server::track {

namespace {

constexpr std::uint32_t kVersionedFlag = 1;
constexpr std::uint8_t kWriteVersion = 3;
constexpr std::size_t kMaxUtfBytes = 65535;

class Writer {
 public:
  void u8(std::uint8_t v) { bytes_.push_back(v); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void i64(std::int64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) u8(static_cast<std::uint8_t>(v >> shift));
  }
  void utf(std::string_view s) {
    std::string m = to_modified_utf8(s);
    // Java throws beyond 65535 bytes; cut at a character boundary instead of failing.
    if (m.size() > kMaxUtfBytes) {
      std::size_t cut = kMaxUtfBytes;
      while (cut > 0 && (static_cast<std::uint8_t>(m[cut]) & 0xC0) == 0x80) --cut;
      m.resize(cut);
    }
    u8(static_cast<std::uint8_t>(m.size() >> 8));
    u8(static_cast<std::uint8_t>(m.size()));
    bytes_.insert(bytes_.end(), m.begin(), m.end());
  }
  void nullable(const std::optional<std::string>& s) {
    boolean(s.has_value());
    if (s) utf(*s);
  }
  void raw(std::string_view s) { bytes_.insert(bytes_.end(), s.begin(), s.end()); }
  std::vector<std::uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  std::size_t pos() const { return pos_; }

  std::uint8_t u8() {
    if (pos_ >= data_.size()) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  bool boolean() { return u8() != 0; }
  std::int64_t i64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | u8();
    return static_cast<std::int64_t>(v);
  }
  std::string utf() {
    const std::size_t n = (static_cast<std::size_t>(u8()) << 8) | u8();
    if (!ok_ || n > remaining()) {
      ok_ = false;
      return {};
    }
    std::string out = from_modified_utf8(data_.substr(pos_, n));
    pos_ += n;
    return out;
  }
  std::optional<std::string> nullable() {
    if (!boolean()) return std::nullopt;
    return utf();
  }
  std::string_view take(std::size_t n) {
    std::string_view s = data_.substr(pos_, n);
    pos_ += s.size();
    return s;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

bool has_probe_info(const std::string& source) {
  return source == "http" || source == "local";
}

bool fail(std::string* error, const char* why) {
  if (error) *error = why;
  return false;
}

// Everything after the 4-byte header.
bool read_body(Reader& r, bool versioned, TrackInfo& t, std::string* error) {
  const int version = versioned ? r.u8() : 1;
  if (version < 1 || version > 3) return fail(error, "unsupported track version");
  t.title = r.utf();
  t.author = r.utf();
  t.length = r.i64();
  t.identifier = r.utf();
  t.is_stream = r.boolean();
  if (version >= 2) t.uri = r.nullable();
  if (version >= 3) {
    t.artwork_url = r.nullable();
    t.isrc = r.nullable();
  }
  t.source_name = r.utf();
  if (!r.ok()) return fail(error, "truncated track data");
  if (has_probe_info(t.source_name)) {
    t.probe_info = r.utf();
  } else if (r.remaining() >= 8) {
    // Unknown source: its fields are whatever lies before the trailing position.
    t.unknown_source_fields = std::string(r.take(r.remaining() - 8));
  }
  t.position = r.i64();
  if (!r.ok()) return fail(error, "truncated track data");
  return true;
}

}  // namespace

std::string encode_track(const TrackInfo& t) {
  Writer w;
  for (int i = 0; i < 4; ++i) w.u8(0);  // header, patched below
  w.u8(kWriteVersion);
  w.utf(t.title);
  w.utf(t.author);
  w.i64(t.length);
  w.utf(t.identifier);
  w.boolean(t.is_stream);
  w.nullable(t.uri);
  w.nullable(t.artwork_url);
  w.nullable(t.isrc);
  w.utf(t.source_name);
  if (has_probe_info(t.source_name))
    w.utf(t.probe_info.value_or(""));
  else
    w.raw(t.unknown_source_fields);
  w.i64(t.position);
  auto& bytes = w.bytes();
  const std::uint32_t header =
      (kVersionedFlag << 30) | static_cast<std::uint32_t>(bytes.size() - 4);
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<std::uint8_t>(header >> (24 - 8 * i));
  gchar* text = g_base64_encode(bytes.data(), bytes.size());
  std::string out(text);
  g_free(text);
  return out;
}

std::optional<TrackInfo> decode_track(std::string_view base64, std::string* error) {
  // g_base64_decode skips invalid characters silently; validate the alphabet first.
  if (base64.empty() || base64.size() % 4 != 0) {
    fail(error, "invalid base64");
    return std::nullopt;
  }
  for (char c : base64)
    if (!g_ascii_isalnum(c) && c != '+' && c != '/' && c != '=') {
      fail(error, "invalid base64");
      return std::nullopt;
    }
  const std::string text(base64);
  gsize size = 0;
  guchar* raw = g_base64_decode(text.c_str(), &size);
  const std::string data(reinterpret_cast<const char*>(raw), size);
  g_free(raw);

  Reader r(data);
  const std::uint32_t header = (static_cast<std::uint32_t>(r.u8()) << 24) |
                               (static_cast<std::uint32_t>(r.u8()) << 16) |
                               (static_cast<std::uint32_t>(r.u8()) << 8) | r.u8();
  if (!r.ok()) {
    fail(error, "truncated track data");
    return std::nullopt;
  }
  // The size field is not trusted for bounds: some published strings carry a stale one.
  TrackInfo t;
  if (!read_body(r, (header >> 30) & kVersionedFlag, t, error)) return std::nullopt;
  return t;
}

}  // namespace lava::server::track
