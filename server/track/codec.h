// lavaplayer's encoded-track format: a base64 "message" with a 4-byte header
// ((flags << 30) | size) and a versioned body. Reads versions 1–3, writes version 3.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lava::server::track {

struct TrackInfo {
  std::string title;
  std::string author;
  std::int64_t length = 0;  // ms
  std::string identifier;
  bool is_stream = false;
  std::optional<std::string> uri;
  std::optional<std::string> artwork_url;
  std::optional<std::string> isrc;
  std::string source_name;
  // http/local: the container ("probe info") lavaplayer writes after the common fields.
  std::optional<std::string> probe_info;
  // Source-specific bytes of sources this node does not know, kept so re-encoding is lossless.
  std::string unknown_source_fields;
  std::int64_t position = 0;  // ms
};

std::string encode_track(const TrackInfo& info);
// Fails (nullopt, `error` says why) on bad base64, truncated bodies or unknown versions.
std::optional<TrackInfo> decode_track(std::string_view base64, std::string* error);

}  // namespace lava::server::track
