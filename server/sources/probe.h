// Opens a URI far enough to know what it is: a throw-away uridecodebin pipeline taken to
// PAUSED on the main context, read for duration, seekability and tags, then dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace lava::server::sources {

struct ProbeResult {
  bool ok = false;
  std::string error;  // why it failed (GStreamer's message)
  std::string title;
  std::string artist;
  std::optional<std::string> isrc;
  std::int64_t duration_ms = -1;  // -1: unknown (a live stream)
  bool seekable = false;
  std::string container;  // lavaplayer's probe name: ogg, mp3, wav, flac, …
};

using ProbeDone = std::function<void(ProbeResult)>;

// Runs asynchronously on the thread-default main context; `done` is called exactly once there.
void probe_uri(const std::string& uri, unsigned timeout_ms, ProbeDone done);

}  // namespace lava::server::sources
