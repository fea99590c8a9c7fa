#include "loader.h"

#include <libsoup/soup.h>

#include <climits>

#include "sources/ogg_duration.h"
#include "sources/playlist.h"
#include "sources/probe.h"
#include "sources/source_guard.h"

namespace lava::server::sources {

namespace {

constexpr unsigned kProbeTimeoutMs = 10000;
constexpr std::size_t kMaxPlaylistEntries = 100;
// lavaplayer's length for streams of unknown duration (Long.MAX_VALUE).
constexpr std::int64_t kUnknownLength = LLONG_MAX;

bool is_http(const std::string& s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

bool is_local(const std::string& s) {
  return s.starts_with("file://") || s.starts_with("/");
}

std::string file_uri(const std::string& path) {
  GCharPtr uri(g_filename_to_uri(path.c_str(), nullptr, nullptr));
  return uri ? uri.get() : "";
}

LoadResult probe_failure(const ProbeResult& probe) {
  return LoadResult::failed("Something went wrong while looking up the track.", probe.error,
                            "suspicious");
}

// Counts down the playlist's parallel probes, keeping entries in playlist order.
struct PlaylistJob {
  Loader::Done done;
  std::string name;
  std::vector<std::optional<track::TrackInfo>> tracks;
  std::size_t pending = 0;

  void finish_one() {
    if (--pending) return;
    LoadResult r;
    r.type = LoadResult::Type::kPlaylist;
    r.playlist_name = name;
    for (auto& t : tracks)
      if (t) r.tracks.push_back(std::move(*t));
    if (r.tracks.empty()) r = LoadResult::empty();
    done(r);
  }
};

}  // namespace

track::TrackInfo track_info_for(const std::string& identifier, const std::string& uri, bool local,
                                const ProbeResult& probe, const std::string& fallback_title) {
  track::TrackInfo info;
  info.title = !probe.title.empty()      ? probe.title
               : !fallback_title.empty() ? fallback_title
                                         : "Unknown title";
  info.author = probe.artist.empty() ? "Unknown artist" : probe.artist;
  info.is_stream = probe.duration_ms < 0;
  info.length = info.is_stream ? kUnknownLength : probe.duration_ms;
  info.identifier = identifier;
  info.uri = local ? identifier : uri;
  info.isrc = probe.isrc;
  info.source_name = local ? "local" : "http";
  info.probe_info = probe.container;
  return info;
}

Loader::Loader(const Config& config) : config_(config), http_(soup_session_new()) {
  guard_media_sources(config_);
  g_object_set(http_.get(), "timeout", kProbeTimeoutMs / 1000, nullptr);
}

Loader::~Loader() = default;

std::string Loader::confine(const std::string& identifier, LoadResult* refusal) const {
  std::string resolved;
  const Confinement where = confine_path(identifier, config_.local_roots, &resolved);
  // Missing files are "no matches", as in Lavalink.
  if (where == Confinement::kOutside)
    *refusal = LoadResult::failed("The file is outside the directories this node may read.",
                                  "not under gstLavalink.localRoots");
  return where == Confinement::kInside ? resolved : std::string();
}

void Loader::load(const std::string& identifier, Done done) {
  const bool http = is_http(identifier) && config_.sources.at("http");
  const bool local = !http && is_local(identifier) && config_.sources.at("local");
  if (!http && !local) return done(LoadResult::empty());
  std::string location = identifier;
  if (local) {
    LoadResult refusal;
    location = confine(identifier, &refusal);
    if (location.empty()) return done(refusal);
  }
  if (looks_like_playlist(location)) return load_playlist(location, local, std::move(done));
  load_media(local ? file_uri(location) : location, local ? location : identifier, local,
             std::move(done));
}

void Loader::load_media(const std::string& uri, const std::string& identifier, bool local,
                        Done done) {
  probe_uri(uri, kProbeTimeoutMs, [this, uri, identifier, local, done](ProbeResult probe) {
    if (!probe.ok) return done(probe_failure(probe));
    track::TrackInfo info = track_info_for(identifier, uri, local, probe, "");
    // Live Ogg streams (no duration) are left alone: their body never ends.
    if (!local && probe.container == "ogg" && probe.duration_ms >= 0)
      return fix_ogg_duration(uri, std::move(info), done);
    LoadResult r;
    r.type = LoadResult::Type::kTrack;
    r.tracks.push_back(std::move(info));
    done(r);
  });
}

void Loader::fix_ogg_duration(const std::string& url, track::TrackInfo info, Done done) {
  auto finish = [done](track::TrackInfo info) {
    LoadResult r;
    r.type = LoadResult::Type::kTrack;
    r.tracks.push_back(std::move(info));
    done(r);
  };
  fetch(url, "bytes=0-8191", [=, this](std::optional<std::string> head, std::int64_t total) {
    if (!head || total <= 0) return finish(info);
    // An explicit range: some servers mishandle a suffix longer than the file.
    const std::int64_t from = std::max<std::int64_t>(0, total - 65536);
    const std::string range = "bytes=" + std::to_string(from) + "-" + std::to_string(total - 1);
    fetch(url, range, [=](std::optional<std::string> tail, std::int64_t) mutable {
      if (auto ms = tail ? ogg_duration_ms(*head, *tail) : std::nullopt) info.length = *ms;
      finish(info);
    });
  });
}

void Loader::fetch(const std::string& url, const std::string& range, Fetched done) {
  SoupMessage* msg = soup_message_new("GET", url.c_str());
  if (!msg) return done(std::nullopt, -1);
  if (!range.empty())
    soup_message_headers_replace(soup_message_get_request_headers(msg), "Range", range.c_str());
  struct Fetch {
    Fetched done;
    GObjectPtr<SoupMessage> msg;
  };
  soup_session_send_and_read_async(
      http_.get(), msg, G_PRIORITY_DEFAULT, nullptr,
      [](GObject* session, GAsyncResult* res, gpointer data) {
        std::unique_ptr<Fetch> f(static_cast<Fetch*>(data));
        GBytesPtr bytes(soup_session_send_and_read_finish(SOUP_SESSION(session), res, nullptr));
        if (!bytes || !SOUP_STATUS_IS_SUCCESSFUL(soup_message_get_status(f->msg.get())))
          return f->done(std::nullopt, -1);
        gsize size = 0;
        const char* p = static_cast<const char*>(g_bytes_get_data(bytes.get(), &size));
        goffset start = 0, end = 0, total = -1;
        SoupMessageHeaders* headers = soup_message_get_response_headers(f->msg.get());
        if (!soup_message_headers_get_content_range(headers, &start, &end, &total))
          total = soup_message_headers_get_content_length(headers);
        f->done(std::string(p ? p : "", size), total);
      },
      new Fetch{std::move(done), GObjectPtr<SoupMessage>(msg)});
}

void Loader::load_playlist(const std::string& location, bool local, Done done) {
  if (local) {
    gchar* text = nullptr;
    gsize size = 0;
    if (!g_file_get_contents(location.c_str(), &text, &size, nullptr))
      return done(LoadResult::failed("The playlist could not be read.", location));
    const std::string body(text, size);
    g_free(text);
    return probe_playlist(location, body, local, std::move(done));
  }
  fetch(location, "", [this, location, done](std::optional<std::string> body, std::int64_t) {
    if (!body) return done(LoadResult::failed("That URL is not playable.", location));
    probe_playlist(location, *body, false, done);
  });
}

void Loader::probe_playlist(const std::string& base, const std::string& text, bool local,
                            Done done) {
  if (is_hls(text)) return load_media(base, base, local, std::move(done));
  Playlist playlist = parse_playlist(text, base);
  if (playlist.entries.size() > kMaxPlaylistEntries) playlist.entries.resize(kMaxPlaylistEntries);
  if (playlist.entries.empty()) return done(LoadResult::empty());
  auto job = std::make_shared<PlaylistJob>();
  job->done = std::move(done);
  job->name = playlist.name;
  job->tracks.resize(playlist.entries.size());
  job->pending = playlist.entries.size();
  for (std::size_t i = 0; i < playlist.entries.size(); ++i) {
    const PlaylistEntry& entry = playlist.entries[i];
    // Entries of a local playlist must themselves pass the root check.
    const bool entry_local = !is_http(entry.location);
    std::string path = entry.location;
    if (entry_local) {
      LoadResult refusal;
      path = local ? confine(entry.location, &refusal) : "";
      if (path.empty()) {
        job->finish_one();
        continue;
      }
    }
    const std::string uri = entry_local ? file_uri(path) : path;
    probe_uri(uri, kProbeTimeoutMs,
              [job, i, uri, path, entry_local, title = entry.title](ProbeResult probe) {
                if (probe.ok) job->tracks[i] = track_info_for(path, uri, entry_local, probe, title);
                job->finish_one();
              });
  }
}

}  // namespace lava::server::sources
