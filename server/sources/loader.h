// Resolves a loadtracks identifier: http(s) URLs, local files under the configured roots,
// m3u/pls playlists; everything else (search prefixes of sources we do not have) is empty.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config.h"
#include "gobject_ptr.h"
#include "sources/load_result.h"

typedef struct _SoupSession SoupSession;

namespace lava::server::sources {

class Loader {
 public:
  using Done = std::function<void(const LoadResult&)>;

  explicit Loader(const Config& config);
  ~Loader();
  // Asynchronous on the main context; `done` runs exactly once there.
  void load(const std::string& identifier, Done done);

 private:
  void load_media(const std::string& uri, const std::string& identifier, bool local, Done done);
  // Replaces the demuxer's duration of an HTTP Ogg file with the exact one from its pages.
  void fix_ogg_duration(const std::string& url, track::TrackInfo info, Done done);
  // The body (nothing on failure) and the resource's total size (-1 if unknown).
  using Fetched = std::function<void(std::optional<std::string>, std::int64_t)>;
  // GETs `url` (only `range`, "bytes=…", unless empty).
  void fetch(const std::string& url, const std::string& range, Fetched done);
  void load_playlist(const std::string& location, bool local, Done done);
  void probe_playlist(const std::string& base, const std::string& text, bool local, Done done);
  // Maps a local identifier to an absolute path inside a root; empty if refused.
  std::string confine(const std::string& identifier, LoadResult* refusal) const;

  const Config& config_;
  GObjectPtr<SoupSession> http_;
};

// Lavalink's track info for a probed http/local item.
track::TrackInfo track_info_for(const std::string& identifier, const std::string& uri, bool local,
                                const struct ProbeResult& probe, const std::string& fallback_title);

}  // namespace lava::server::sources
