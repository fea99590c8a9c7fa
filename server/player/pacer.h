// Stand-in for the Discord voice sender until `discordvoicesink` lands (issue #7/#11): one
// process-wide thread that ticks every 20 ms and takes one encoded frame from every playing
// player's appsink, counting sent / nulled frames. Pipelines never block on a clock; they run
// in short bursts whenever their small frame queue has room.
#pragma once

#include <gst/app/gstappsink.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "gobject_ptr.h"

namespace lava::server::player {

constexpr std::int64_t kFrameMs = 20;

// One player's end of the pacer. The player (main thread) writes the control atomics; the pacer
// thread writes the counters and position. Notifications reach the main context.
struct PacedOutput {
  explicit PacedOutput(GstElement* appsink);

  GstObjectPtr<GstElement> sink;
  std::atomic<bool> active{false};  // a track is playing and not paused
  std::atomic<std::int64_t> end_time_ms{-1};
  std::atomic<std::int64_t> position_ms{0};  // start position + 20 ms per frame sent
  std::atomic<std::uint64_t> sent{0};
  std::atomic<std::uint64_t> nulled{0};
  std::atomic<std::uint64_t> stuck_ticks{0};  // consecutive ticks without a frame
  std::atomic<bool> end_reported{false};      // EOS drained or endTime reached, told once
  std::atomic<bool> stuck_reported{false};

  // Main-context callbacks, owned and cleared by the player.
  std::function<void()> on_end;
  std::function<void()> on_stuck;
};

struct FrameTotals {
  std::uint64_t sent = 0;
  std::uint64_t nulled = 0;
};

class Pacer {
 public:
  // `stuck_ticks` frames without audio make a TrackStuck; notifications go to `main_context`.
  Pacer(GMainContext* main_context, std::uint64_t stuck_ticks);
  ~Pacer();
  Pacer(const Pacer&) = delete;
  Pacer& operator=(const Pacer&) = delete;

  void add(std::shared_ptr<PacedOutput> output);
  // After this returns the pacer never touches `output` again.
  void remove(const PacedOutput* output);
  FrameTotals totals() const;

 private:
  // What one tick did to an output: kFrame covers "sent" and "nulled" alike.
  enum class Tick { kFrame, kEnd, kStuck };
  void run();
  Tick tick(PacedOutput& out);
  void notify(const std::shared_ptr<PacedOutput>& out, bool end);

  GMainContext* main_context_;
  const std::uint64_t stuck_ticks_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<PacedOutput>> outputs_;
  std::atomic<std::uint64_t> removed_sent_{0};
  std::atomic<std::uint64_t> removed_nulled_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace lava::server::player
