#include "events.h"

#include <glib.h>

namespace lava::server::player {

namespace {

const char* reason_name(EndReason r) {
  switch (r) {
    case EndReason::kFinished:
      return "finished";
    case EndReason::kLoadFailed:
      return "loadFailed";
    case EndReason::kStopped:
      return "stopped";
    case EndReason::kReplaced:
      return "replaced";
    case EndReason::kCleanup:
      break;
  }
  return "cleanup";
}

http::JsonWriter& begin_event(http::JsonWriter& w, const char* type, const std::string& guild) {
  return w.begin_object().string("op", "event").string("type", type).string("guildId", guild);
}

}  // namespace

std::string track_start_event(const std::string& guild, const track::Track& t) {
  http::JsonWriter w;
  begin_event(w, "TrackStartEvent", guild);
  track::write_track(w, "track", t);
  return w.end_object().str();
}

std::string track_end_event(const std::string& guild, const track::Track& t, EndReason reason) {
  http::JsonWriter w;
  begin_event(w, "TrackEndEvent", guild);
  track::write_track(w, "track", t);
  return w.string("reason", reason_name(reason)).end_object().str();
}

std::string track_exception_event(const std::string& guild, const track::Track& t,
                                  const std::string& message, const std::string& severity,
                                  const std::string& cause) {
  http::JsonWriter w;
  begin_event(w, "TrackExceptionEvent", guild);
  track::write_track(w, "track", t);
  w.begin_object("exception")
      .string("message", message)
      .string("severity", severity)
      .string("cause", cause)
      .string("causeStackTrace", cause)
      .end_object();
  return w.end_object().str();
}

std::string track_stuck_event(const std::string& guild, const track::Track& t,
                              std::int64_t threshold_ms) {
  http::JsonWriter w;
  begin_event(w, "TrackStuckEvent", guild);
  track::write_track(w, "track", t);
  return w.integer("thresholdMs", threshold_ms).end_object().str();
}

std::string websocket_closed_event(const std::string& guild, int code, const std::string& reason,
                                   bool by_remote) {
  http::JsonWriter w;
  begin_event(w, "WebSocketClosedEvent", guild);
  return w.integer("code", code)
      .string("reason", reason)
      .boolean("byRemote", by_remote)
      .end_object()
      .str();
}

void write_player_state(http::JsonWriter& w, const char* name, const PlayerStateView& state) {
  w.begin_object(name)
      .integer("time", g_get_real_time() / 1000)
      .integer("position", state.position_ms)
      .boolean("connected", state.connected)
      .integer("ping", state.ping_ms)
      .end_object();
}

std::string player_update(const std::string& guild, const PlayerStateView& state) {
  http::JsonWriter w;
  w.begin_object().string("op", "playerUpdate").string("guildId", guild);
  write_player_state(w, "state", state);
  return w.end_object().str();
}

}  // namespace lava::server::player
