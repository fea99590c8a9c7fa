#include "pacer.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace lava::server::player {

PacedOutput::PacedOutput(LavaDiscordVoiceSink* voice_sink)
    : sink(LAVA_DISCORD_VOICE_SINK(gst_object_ref(voice_sink))) {}

namespace {

FrameTotals sink_frames(LavaDiscordVoiceSink* voice_sink) {
  const LavaDiscordVoiceSinkCounters c = lava_discord_voice_sink_counters(voice_sink);
  return {c.frames_sent, c.frames_nulled, c.frames_deficit};
}

}  // namespace

Pacer::Pacer(GMainContext* main_context, std::uint64_t stuck_ticks)
    : main_context_(main_context), stuck_ticks_(stuck_ticks), thread_([this] { run(); }) {}

Pacer::~Pacer() {
  stop_ = true;
  thread_.join();
}

void Pacer::add(std::shared_ptr<PacedOutput> output) {
  std::lock_guard lock(mutex_);
  outputs_.push_back(std::move(output));
}

void Pacer::remove(const PacedOutput* output) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(outputs_.begin(), outputs_.end(),
                         [output](const auto& o) { return o.get() == output; });
  if (it == outputs_.end()) return;
  const FrameTotals t = sink_frames((*it)->sink.get());
  removed_.sent += t.sent;
  removed_.nulled += t.nulled;
  removed_.deficit += t.deficit;
  outputs_.erase(it);
}

FrameTotals Pacer::totals() const {
  std::lock_guard lock(mutex_);
  FrameTotals t = removed_;
  for (const auto& o : outputs_) {
    const FrameTotals s = sink_frames(o->sink.get());
    t.sent += s.sent;
    t.nulled += s.nulled;
    t.deficit += s.deficit;
  }
  return t;
}

void Pacer::run() {
  using clock = std::chrono::steady_clock;
  auto next = clock::now();
  while (!stop_) {
    next += std::chrono::milliseconds(kFrameMs);
    std::this_thread::sleep_until(next);
    if (clock::now() - next > std::chrono::milliseconds(5 * kFrameMs)) next = clock::now();
    std::lock_guard lock(mutex_);
    for (const auto& out : outputs_) {
      const LavaDiscordVoiceSinkCounters c = lava_discord_voice_sink_counters(out->sink.get());
      // Frames that leave after a pause or stop (the ring draining) still count.
      const std::uint64_t fresh = c.frames_sent - std::exchange(out->last_sent, c.frames_sent);
      advance(*out, fresh);
      if (!out->active || out->end_reported) continue;
      const Tick result = tick(*out, fresh > 0, c.connected);
      if (result != Tick::kNone) notify(out, result == Tick::kEnd);
    }
  }
}

void Pacer::advance(PacedOutput& out, std::uint64_t fresh) {
  const std::int64_t reset = out.reset_to_ms.exchange(-1);
  if (reset >= 0) {
    out.position_ms = reset;
    out.carry_ms = 0;
    return;
  }
  if (out.holding) return;
  const double track_ms = static_cast<double>(fresh) * out.frame_track_ms + out.carry_ms;
  const auto whole = static_cast<std::int64_t>(track_ms);
  out.carry_ms = track_ms - static_cast<double>(whole);
  out.position_ms += whole;
}

Pacer::Tick Pacer::tick(PacedOutput& out, bool moved, bool connected) {
  const std::int64_t end = out.end_time_ms;
  if (end >= 0 && out.position_ms >= end) {
    out.end_reported = true;
    return Tick::kEnd;
  }
  // While voice is down the sink holds the track back: that is not a stuck track.
  if (moved || !connected) {
    out.stuck_ticks = 0;
    out.stuck_reported = false;
    return Tick::kNone;
  }
  if (++out.stuck_ticks >= stuck_ticks_ && !out.stuck_reported.exchange(true)) return Tick::kStuck;
  return Tick::kNone;
}

void Pacer::notify(const std::shared_ptr<PacedOutput>& out, bool end) {
  struct Note {
    std::weak_ptr<PacedOutput> out;
    bool end;
  };
  g_main_context_invoke_full(
      main_context_, G_PRIORITY_DEFAULT,
      [](gpointer data) {
        auto* note = static_cast<Note*>(data);
        if (auto o = note->out.lock()) {
          auto& callback = note->end ? o->on_end : o->on_stuck;
          if (callback) callback();
        }
        return G_SOURCE_REMOVE;
      },
      new Note{out, end}, [](gpointer data) { delete static_cast<Note*>(data); });
}

}  // namespace lava::server::player
