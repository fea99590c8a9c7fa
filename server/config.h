// application.yml → typed configuration. Reads Lavalink's own keys; unknown keys are logged and
// ignored. Spring's relaxed names (buffer-duration-ms, buffer_duration_ms) match bufferDurationMs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lava::server {

struct Config {
  std::string address = "0.0.0.0";
  int port = 2333;  // 0 picks a free port (tests)
  std::string password;

  std::map<std::string, bool> sources = {
      {"youtube", false}, {"bandcamp", false}, {"soundcloud", false}, {"twitch", false},
      {"vimeo", false},   {"nico", false},     {"http", true},        {"local", false},
  };
  std::map<std::string, bool> filters = {
      {"volume", true},     {"equalizer", true}, {"karaoke", true},    {"timescale", true},
      {"tremolo", true},    {"vibrato", true},   {"distortion", true}, {"rotation", true},
      {"channelMix", true}, {"lowPass", true},
  };
  int buffer_duration_ms = 400;
  int frame_buffer_duration_ms = 5000;
  int opus_encoding_quality = 10;
  std::string resampling_quality = "LOW";
  int track_stuck_threshold_ms = 10000;
  bool use_seek_ghosting = true;
  int player_update_interval_s = 5;
  bool youtube_search_enabled = true;
  bool soundcloud_search_enabled = true;

  // Our own keys, under gstLavalink.* (Lavalink has no equivalent).
  std::vector<std::string> local_roots;           // the only directories the local source reads
  std::string voice_tls_ca_file;                  // CA file for voice endpoints (tests)
  std::int64_t max_request_body_bytes = 1 << 22;  // larger REST bodies get 413
  int stats_interval_s = 60;                      // WebSocket stats period (tests shorten it)
  std::string player_pipeline;           // player YAML; empty: the shipped one (player/pipeline.h)
  int request_timeout_s = 20;            // to read one request, headers and body
  bool block_private_addresses = false;  // HTTP source: no loopback/private/link-local
};

// Loads `path`; on failure returns nullopt and sets `error` to "path:line:column: what".
std::optional<Config> load_config(const std::string& path, std::string* error);
// Parses YAML text; `origin` names it in errors and log lines.
std::optional<Config> parse_config(const std::string& text, const std::string& origin,
                                   std::string* error);

}  // namespace lava::server
