#include "ogg_duration.h"

#include <cstring>

namespace lava::server::sources {

namespace {

constexpr std::size_t kPageHeader = 27;

std::uint64_t le(std::string_view s, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

struct Stream {
  std::uint32_t serial = 0;
  std::uint64_t rate = 0;
  std::uint64_t pre_skip = 0;
};

// Reads the codec identification packet that starts the first page's body.
std::optional<Stream> first_stream(std::string_view head) {
  if (head.size() < kPageHeader || head.substr(0, 4) != "OggS") return std::nullopt;
  const std::size_t segments = static_cast<unsigned char>(head[26]);
  const std::size_t body = kPageHeader + segments;
  if (head.size() < body + 19) return std::nullopt;
  Stream s;
  s.serial = static_cast<std::uint32_t>(le(head, 14, 4));
  std::string_view packet = head.substr(body);
  if (packet.substr(0, 7) == "\x01vorbis" && packet.size() >= 16) {
    s.rate = le(packet, 12, 4);
  } else if (packet.substr(0, 8) == "OpusHead" && packet.size() >= 12) {
    s.rate = 48000;  // Opus granule positions always count 48 kHz samples
    s.pre_skip = le(packet, 10, 2);
  } else {
    return std::nullopt;
  }
  if (s.rate == 0) return std::nullopt;
  return s;
}

}  // namespace

std::optional<std::int64_t> ogg_duration_ms(std::string_view head, std::string_view tail) {
  const auto stream = first_stream(head);
  if (!stream) return std::nullopt;
  // The last page of our stream with a known granule position wins.
  std::optional<std::uint64_t> granule;
  for (std::size_t at = tail.find("OggS"); at != std::string_view::npos;
       at = tail.find("OggS", at + 1)) {
    if (at + kPageHeader > tail.size()) break;
    if (tail[at + 4] != 0) continue;  // stream structure version is always 0
    const std::uint64_t g = le(tail, at + 6, 8);
    if (static_cast<std::uint32_t>(le(tail, at + 14, 4)) != stream->serial || g == ~0ULL) continue;
    granule = g;
  }
  if (!granule || *granule < stream->pre_skip) return std::nullopt;
  return static_cast<std::int64_t>((*granule - stream->pre_skip) * 1000 / stream->rate);
}

}  // namespace lava::server::sources
