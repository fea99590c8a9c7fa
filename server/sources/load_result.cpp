#include "load_result.h"

#include "http/json.h"
#include "track/track_json.h"

namespace lava::server::sources {

namespace {

const char* type_name(LoadResult::Type type) {
  switch (type) {
    case LoadResult::Type::kTrack:
      return "track";
    case LoadResult::Type::kPlaylist:
      return "playlist";
    case LoadResult::Type::kSearch:
      return "search";
    case LoadResult::Type::kError:
      return "error";
    case LoadResult::Type::kEmpty:
      break;
  }
  return "empty";
}

void write_tracks(http::JsonWriter& w, const char* name, const LoadResult& r) {
  w.begin_array(name);
  for (const auto& info : r.tracks) track::write_track(w, nullptr, track::make_track(info));
  w.end_array();
}

}  // namespace

std::string load_result_json(const LoadResult& r) {
  http::JsonWriter w;
  w.begin_object().string("loadType", type_name(r.type));
  switch (r.type) {
    case LoadResult::Type::kTrack:
      track::write_track(w, "data", track::make_track(r.tracks.at(0)));
      break;
    case LoadResult::Type::kSearch:
      write_tracks(w, "data", r);
      break;
    case LoadResult::Type::kPlaylist:
      w.begin_object("data")
          .begin_object("info")
          .string("name", r.playlist_name)
          .integer("selectedTrack", r.selected_track)
          .end_object()
          .begin_object("pluginInfo")
          .end_object();
      write_tracks(w, "tracks", r);
      w.end_object();
      break;
    case LoadResult::Type::kError:
      w.begin_object("data")
          .string("message", r.error.message)
          .string("severity", r.error.severity)
          .string("cause", r.error.cause)
          .string("causeStackTrace", r.error.cause)
          .end_object();
      break;
    case LoadResult::Type::kEmpty:
      w.begin_object("data").end_object();
      break;
  }
  w.end_object();
  return w.str();
}

}  // namespace lava::server::sources
