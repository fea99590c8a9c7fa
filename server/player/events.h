// The WebSocket `event` and `playerUpdate` messages a player produces.
#pragma once

#include <cstdint>
#include <string>

#include "track/track_json.h"

namespace lava::server::player {

enum class EndReason { kFinished, kLoadFailed, kStopped, kReplaced, kCleanup };

struct PlayerStateView {
  std::int64_t position_ms = 0;
  bool connected = false;
  std::int64_t ping_ms = -1;
};

std::string track_start_event(const std::string& guild, const track::Track& t);
std::string track_end_event(const std::string& guild, const track::Track& t, EndReason reason);
std::string track_exception_event(const std::string& guild, const track::Track& t,
                                  const std::string& message, const std::string& severity,
                                  const std::string& cause);
std::string track_stuck_event(const std::string& guild, const track::Track& t,
                              std::int64_t threshold_ms);
std::string websocket_closed_event(const std::string& guild, int code, const std::string& reason,
                                   bool by_remote);
std::string player_update(const std::string& guild, const PlayerStateView& state);
void write_player_state(http::JsonWriter& w, const char* name, const PlayerStateView& state);

}  // namespace lava::server::player
