#include "playlist.h"

#include <glib.h>

#include <algorithm>
#include <map>

#include "gobject_ptr.h"

namespace lava::server::sources {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\xEF' ||
                        s.front() == '\xBB' || s.front() == '\xBF'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(trim(text.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

std::string resolve(const std::string& base, std::string_view entry) {
  const std::string e(entry);
  GCharPtr scheme(g_uri_parse_scheme(e.c_str()));
  if (scheme || e.starts_with("/")) return e;
  if (g_uri_is_valid(base.c_str(), G_URI_FLAGS_NONE, nullptr)) {
    GCharPtr resolved(g_uri_resolve_relative(base.c_str(), e.c_str(), G_URI_FLAGS_NONE, nullptr));
    if (resolved) return resolved.get();
  }
  GCharPtr dir(g_path_get_dirname(base.c_str()));
  GCharPtr joined(g_build_filename(dir.get(), e.c_str(), nullptr));
  return joined.get();
}

std::string base_name(const std::string& location) {
  std::string path = location.substr(0, location.find_first_of("?#"));
  GCharPtr name(g_path_get_basename(path.c_str()));
  return name.get();
}

Playlist parse_pls(const std::vector<std::string_view>& ls, const std::string& base) {
  std::map<int, PlaylistEntry> by_index;
  for (std::string_view line : ls) {
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(line.substr(0, eq));
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    const std::string_view value = line.substr(eq + 1);
    for (const char* prefix : {"file", "title"}) {
      if (!key.starts_with(prefix)) continue;
      const int index = std::atoi(key.c_str() + std::string_view(prefix).size());
      if (std::string_view(prefix) == "file")
        by_index[index].location = resolve(base, value);
      else
        by_index[index].title = value;
    }
  }
  Playlist p;
  for (auto& [index, entry] : by_index)
    if (!entry.location.empty()) p.entries.push_back(std::move(entry));
  return p;
}

Playlist parse_m3u(const std::vector<std::string_view>& ls, const std::string& base) {
  Playlist p;
  std::string pending_title;
  for (std::string_view line : ls) {
    if (line.empty()) continue;
    if (line.starts_with("#EXTINF:")) {
      const std::size_t comma = line.find(',');
      pending_title =
          comma == std::string_view::npos ? "" : std::string(trim(line.substr(comma + 1)));
    } else if (line.starts_with("#PLAYLIST:")) {
      p.name = trim(line.substr(10));
    } else if (!line.starts_with("#")) {
      p.entries.push_back({resolve(base, line), std::move(pending_title)});
      pending_title.clear();
    }
  }
  return p;
}

}  // namespace

bool looks_like_playlist(std::string_view location) {
  std::string path(location.substr(0, location.find_first_of("?#")));
  std::transform(path.begin(), path.end(), path.begin(), ::tolower);
  return path.ends_with(".m3u") || path.ends_with(".m3u8") || path.ends_with(".pls");
}

bool is_hls(std::string_view text) {
  return text.find("#EXT-X-") != std::string_view::npos;
}

Playlist parse_playlist(std::string_view text, const std::string& base) {
  const auto ls = lines(text);
  const bool pls = std::any_of(ls.begin(), ls.end(), [](std::string_view l) {
    return l.size() >= 10 && g_ascii_strncasecmp(l.data(), "[playlist]", 10) == 0;
  });
  Playlist p = pls ? parse_pls(ls, base) : parse_m3u(ls, base);
  if (p.name.empty()) p.name = base_name(base);
  return p;
}

}  // namespace lava::server::sources
