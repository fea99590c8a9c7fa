#include "track_json.h"

namespace lava::server::track {

Track make_track(TrackInfo info) {
  Track t;
  t.encoded = encode_track(info);
  t.info = std::move(info);
  return t;
}

void write_track_info(http::JsonWriter& w, const TrackInfo& info) {
  w.begin_object("info")
      .string("identifier", info.identifier)
      .boolean("isSeekable", !info.is_stream)
      .string("author", info.author)
      .integer("length", info.length)
      .boolean("isStream", info.is_stream)
      .integer("position", info.position)
      .string("title", info.title)
      .optional_string("uri", info.uri)
      .optional_string("artworkUrl", info.artwork_url)
      .optional_string("isrc", info.isrc)
      .string("sourceName", info.source_name)
      .end_object();
}

void write_track(http::JsonWriter& w, const char* name, const Track& track) {
  w.begin_object(name).string("encoded", track.encoded);
  write_track_info(w, track.info);
  w.begin_object("pluginInfo").end_object();
  if (track.user_data)
    w.node("userData", track.user_data.get());
  else
    w.begin_object("userData").end_object();
  w.end_object();
}

}  // namespace lava::server::track
