// One guild's player: owns its GstPipeline (built from the player YAML, bus watch on the main
// context) ending in discordvoicesink, its pacer output, the current track and the
// client-visible state; emits TrackStart/End/Exception/Stuck and WebSocketClosed. The sink, and
// so the voice connection, lives as long as the player: tracks come and go before it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config.h"
#include "player/events.h"
#include "player/pacer.h"
#include "player/pipeline.h"

namespace lava::server::player {

struct VoiceState {
  std::string token;
  std::string endpoint;
  std::string session_id;
  std::string channel_id;
};

class Player {
 public:
  using Emit = std::function<void(const std::string& json)>;

  // `user_id` is the bot's (the session's User-Id header), sent to the voice gateway.
  Player(std::string guild_id, std::string user_id, const Config& config,
         const PlayerTemplate& pipeline, Pacer& pacer, Emit emit);
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  bool ok() const { return pipeline_.pipeline != nullptr; }
  const std::string& guild_id() const { return guild_id_; }
  const std::optional<track::Track>& track() const { return track_; }
  bool paused() const { return paused_; }
  bool playing() const { return track_ && !paused_; }
  int volume() const { return volume_; }
  const VoiceState& voice() const { return voice_; }
  JsonNode* filters() const { return filters_.get(); }

  // Starts `t` (ending the current track with `replaced`) at `start_ms`.
  void play(track::Track t, std::int64_t start_ms);
  // Ends the current track with `stopped`.
  void stop();
  // Ends the current track with `cleanup`: its session is going away.
  void clean_up();
  void seek(std::int64_t position_ms);
  void set_paused(bool paused);
  void set_volume(int volume);
  void set_end_time(std::optional<std::int64_t> end_ms);
  void set_filters(JsonNodePtr filters);
  void set_voice(VoiceState voice);
  void set_user_data(std::shared_ptr<JsonNode> user_data);
  PlayerStateView state() const;

 private:
  static gboolean on_bus_message(GstBus*, GstMessage* msg, gpointer self);
  void on_error(GstMessage* msg);
  void on_voice_closed(const GstStructure* s);
  // The pipeline state a track plays in: PLAYING, or PAUSED while the player is paused.
  GstState playing_state() const;
  // The sink, then the rest of the pipeline, to playing_state().
  void apply_playing_state();
  void on_end();
  void on_stuck();
  // Ends the current track: event, pipeline back to READY, pacer output idle.
  void end_track(EndReason reason);
  // Everything before the sink back to READY; the sink stops sending and drops what it holds
  // but keeps its voice connection.
  void reset_pipeline();
  // Has the pacer count the track's position from `position_ms` on.
  void restart_position(std::int64_t position_ms);
  void update_active();
  // Opus passthrough while the volume is 100 and no filter changes the sound (issue #6).
  void update_passthrough();

  std::string guild_id_;
  std::string user_id_;
  const Config& config_;
  Pacer& pacer_;
  Emit emit_;
  PlayerPipeline pipeline_;
  std::shared_ptr<PacedOutput> output_;
  std::optional<track::Track> track_;
  std::int64_t pending_seek_ms_ = -1;    // applied once the new track has prerolled
  std::uint64_t rendered_at_start_ = 0;  // the sink's buffer count when the track started
  bool paused_ = false;
  std::int64_t paused_position_ms_ = 0;  // the position clients see while paused
  int volume_ = 100;
  VoiceState voice_;
  JsonNodePtr filters_;
};

}  // namespace lava::server::player
