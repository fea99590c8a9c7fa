// A Track as the protocol shows it: {encoded, info, pluginInfo, userData}.
#pragma once

#include <memory>
#include <string>

#include "http/json.h"
#include "track/codec.h"

namespace lava::server::track {

struct Track {
  std::string encoded;
  TrackInfo info;
  // What the client sent as track.userData; echoed wherever the track appears.
  std::shared_ptr<JsonNode> user_data;
};

Track make_track(TrackInfo info);
void write_track(http::JsonWriter& w, const char* name, const Track& track);
void write_track_info(http::JsonWriter& w, const TrackInfo& info);

}  // namespace lava::server::track
