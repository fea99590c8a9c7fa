// UpdatePlayer (the PATCH body), parsed and validated before anything is applied.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gobject_ptr.h"
#include "player/player.h"

namespace lava::server::player {

struct TrackUpdate {
  bool has_encoded = false;
  std::optional<std::string> encoded;  // has_encoded && !encoded: null = stop
  std::optional<std::string> identifier;
  std::shared_ptr<JsonNode> user_data;  // null: not given
};

struct PlayerUpdate {
  std::optional<TrackUpdate> track;
  std::optional<std::int64_t> position;
  bool has_end_time = false;
  std::optional<std::int64_t> end_time;  // has_end_time && !end_time: null = clear
  std::optional<int> volume;
  std::optional<bool> paused;
  JsonNodePtr filters;
  std::optional<VoiceState> voice;
};

// Returns nullopt and a message naming the offending field on invalid input.
std::optional<PlayerUpdate> parse_player_update(JsonNode* root, std::string* error);

}  // namespace lava::server::player
