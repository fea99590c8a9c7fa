#include "pacer.h"

#include <algorithm>
#include <chrono>

namespace lava::server::player {

PacedOutput::PacedOutput(GstElement* appsink) : sink(GST_ELEMENT(gst_object_ref(appsink))) {}

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
  removed_sent_ += (*it)->sent;
  removed_nulled_ += (*it)->nulled;
  outputs_.erase(it);
}

FrameTotals Pacer::totals() const {
  std::lock_guard lock(mutex_);
  FrameTotals t{removed_sent_, removed_nulled_};
  for (const auto& o : outputs_) {
    t.sent += o->sent;
    t.nulled += o->nulled;
  }
  return t;
}

void Pacer::run() {
  using clock = std::chrono::steady_clock;
  auto next = clock::now();
  while (!stop_) {
    next += std::chrono::milliseconds(kFrameMs);
    std::this_thread::sleep_until(next);
    // After a stall, skip the missed ticks rather than bursting to catch up.
    if (clock::now() - next > std::chrono::milliseconds(5 * kFrameMs)) next = clock::now();
    std::lock_guard lock(mutex_);
    for (const auto& out : outputs_) {
      if (!out->active || out->end_reported) continue;
      const Tick result = tick(*out);
      if (result != Tick::kFrame) notify(out, result == Tick::kEnd);
    }
  }
}

Pacer::Tick Pacer::tick(PacedOutput& out) {
  GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(out.sink.get()), 0);
  if (!sample) {
    if (gst_app_sink_is_eos(GST_APP_SINK(out.sink.get()))) {
      out.end_reported = true;
      return Tick::kEnd;
    }
    ++out.nulled;
    if (++out.stuck_ticks >= stuck_ticks_ && !out.stuck_reported.exchange(true))
      return Tick::kStuck;
    return Tick::kFrame;
  }
  // The position is what has been sent: the player resets it on play and seek.
  out.position_ms += kFrameMs;
  gst_sample_unref(sample);
  ++out.sent;
  out.stuck_ticks = 0;
  out.stuck_reported = false;
  const std::int64_t end = out.end_time_ms;
  if (end < 0 || out.position_ms < end) return Tick::kFrame;
  out.end_reported = true;
  return Tick::kEnd;
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
