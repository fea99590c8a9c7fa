// m3u/m3u8 and pls playlists: text → entries with optional title and length.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lava::server::sources {

struct PlaylistEntry {
  std::string location;  // resolved against the playlist's own location
  std::string title;     // from #EXTINF / TitleN, may be empty
};

struct Playlist {
  std::string name;
  std::vector<PlaylistEntry> entries;
};

// True when the identifier names a playlist by its extension (query and fragment ignored).
bool looks_like_playlist(std::string_view location);
// An HLS media playlist is a stream, not a list of tracks.
bool is_hls(std::string_view text);
// Parses m3u/m3u8 or pls text; relative entries resolve against `base` (a URI or a path).
Playlist parse_playlist(std::string_view text, const std::string& base);

}  // namespace lava::server::sources
