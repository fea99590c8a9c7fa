// LoadResult: what /v4/loadtracks answers ({loadType, data}).
#pragma once

#include <string>
#include <vector>

#include "track/codec.h"

namespace lava::server::sources {

// The protocol's Exception object: severity is common | suspicious | fault.
struct LoadError {
  std::string message;
  std::string severity = "common";
  std::string cause;
};

struct LoadResult {
  enum class Type { kTrack, kPlaylist, kSearch, kEmpty, kError };
  Type type = Type::kEmpty;
  std::vector<track::TrackInfo> tracks;
  std::string playlist_name;
  int selected_track = -1;
  LoadError error;

  static LoadResult empty() { return {}; }
  static LoadResult failed(std::string message, std::string cause,
                           std::string severity = "common") {
    LoadResult r;
    r.type = Type::kError;
    r.error = {std::move(message), std::move(severity), std::move(cause)};
    return r;
  }
};

std::string load_result_json(const LoadResult& result);

}  // namespace lava::server::sources
