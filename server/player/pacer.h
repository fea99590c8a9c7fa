// The process-wide player watcher: discordvoicesink's shared sender (issue #11) paces the audio;
// this one thread ticks every 20 ms over the players to advance each position by the frames its
// sink sent, end a track at its endTime, report TrackStuck when a connected sink gets no audio,
// and sum the sinks' frame counters.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "discord/discordvoicesink.h"
#include "gobject_ptr.h"

namespace lava::server::player {

constexpr std::int64_t kFrameMs = 20;

// One player's end of the pacer. The player (main thread) writes the control atomics and resets
// the position on play and seek; the pacer thread advances it and keeps the stuck/end state.
struct PacedOutput {
  explicit PacedOutput(LavaDiscordVoiceSink* voice_sink);

  GstObjectPtr<LavaDiscordVoiceSink> sink;
  std::atomic<bool> active{false};  // a track is playing and not paused
  std::atomic<std::int64_t> end_time_ms{-1};
  // Start position + track time per frame sent. The player sets it for clients at once and
  // has the pacer take it over with reset_to_ms, after the sink's ring was flushed.
  std::atomic<std::int64_t> position_ms{0};
  std::atomic<std::int64_t> reset_to_ms{-1};
  // While a seek's flush is on its way the frames still sent are from before the seek.
  std::atomic<bool> holding{false};
  // Track time one frame carries: 20 ms × timescale speed × rate.
  std::atomic<double> frame_track_ms{kFrameMs};
  std::uint64_t last_sent = 0;  // the sink's frames-sent at the previous tick (pacer thread)
  double carry_ms = 0;          // the fraction of a millisecond not yet in position_ms (pacer)
  std::atomic<std::uint64_t> stuck_ticks{0};  // consecutive connected ticks without audio
  std::atomic<bool> end_reported{false};      // EOS or endTime reached, told once
  std::atomic<bool> stuck_reported{false};

  // Main-context callbacks, owned and cleared by the player.
  std::function<void()> on_end;
  std::function<void()> on_stuck;
};

struct FrameTotals {
  std::uint64_t sent = 0;
  std::uint64_t nulled = 0;
  std::uint64_t deficit = 0;
};

class Pacer {
 public:
  // `stuck_ticks` connected ticks without audio make a TrackStuck; notifications go to
  // `main_context`.
  Pacer(GMainContext* main_context, std::uint64_t stuck_ticks);
  ~Pacer();
  Pacer(const Pacer&) = delete;
  Pacer& operator=(const Pacer&) = delete;

  void add(std::shared_ptr<PacedOutput> output);
  // After this returns the pacer never touches `output` again; its counters stay in totals().
  void remove(const PacedOutput* output);
  FrameTotals totals() const;

 private:
  enum class Tick { kNone, kEnd, kStuck };
  void run();
  // Adds the track time of `fresh` frames sent to out's position, or takes a reset.
  static void advance(PacedOutput& out, std::uint64_t fresh);
  // `moved`: the sink sent audio since the previous tick.
  Tick tick(PacedOutput& out, bool moved, bool connected);
  void notify(const std::shared_ptr<PacedOutput>& out, bool end);

  GMainContext* main_context_;
  const std::uint64_t stuck_ticks_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<PacedOutput>> outputs_;
  FrameTotals removed_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace lava::server::player
