// The machine's own lateness, measured beside the node: a thread with the voice sender's
// real-time priority and 5 ms period that does nothing but sleep to its next deadline. When it
// wakes a whole 20 ms frame late, no pacing thread on its CPU could have kept that frame: on the
// development VM (a non-preemptible guest kernel with steal time) it happened once in fifteen
// minutes of a soak. The soak reports when it happened, so a deficit can be told from the
// machine's. One probe per CPU, each pinned to it: the hypervisor takes one virtual CPU away at a
// time (steal time is counted per CPU), which stalls only the threads on that one, so a single
// probe on the other CPU would miss the stall that held the pacing thread.
#pragma once

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

namespace lava::test {

class DeadlineProbe {
 public:
  // Pinned to `cpu`, or wherever the scheduler puts it for -1.
  explicit DeadlineProbe(int cpu = -1) : cpu_(cpu), thread_([this] { run(); }) {}
  ~DeadlineProbe() {
    stop_ = true;
    thread_.join();
  }
  DeadlineProbe(const DeadlineProbe&) = delete;
  DeadlineProbe& operator=(const DeadlineProbe&) = delete;

  // Wake-ups a whole frame (20 ms) or more late so far, and the latest, in µs.
  std::uint64_t frames_late() const { return frames_late_; }
  std::int64_t worst_us() const { return worst_us_; }
  bool real_time() const { return real_time_; }
  int cpu() const { return cpu_; }
  // When the i-th late wake-up happened (now_us's clock), for the first kKept of them.
  static constexpr std::size_t kKept = 256;
  std::int64_t late_at_us(std::size_t i) const { return late_at_us_[i]; }

  static std::int64_t now_us() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000;
  }

 private:
  void run() {
    if (cpu_ >= 0) {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(cpu_, &set);
      pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    }
    sched_param param{};
    param.sched_priority = 5;  // the voice sender's (gst/discord/voice_sender.cpp)
    real_time_ = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
    constexpr std::int64_t kPeriodUs = 5000, kFrameUs = 20000;
    std::int64_t next = now_us();
    while (!stop_) {
      next += kPeriodUs;
      timespec ts{static_cast<time_t>(next / 1000000), static_cast<long>(next % 1000000 * 1000)};
      while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) != 0) {
      }
      const std::int64_t late = now_us() - next;
      if (late > worst_us_) worst_us_ = late;
      if (late >= kFrameUs) {
        const std::uint64_t n = frames_late_;  // only this thread writes it
        if (n < kKept) late_at_us_[n] = next;
        frames_late_ = n + 1;
        next = now_us();
      }
    }
  }

  const int cpu_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> real_time_{false};
  std::atomic<std::uint64_t> frames_late_{0};
  std::atomic<std::int64_t> worst_us_{0};
  std::array<std::atomic<std::int64_t>, kKept> late_at_us_{};
  std::thread thread_;  // last: starts once the counters exist
};

// A DeadlineProbe on every CPU this process may run on.
class DeadlineProbes {
 public:
  DeadlineProbes() {
    cpu_set_t set;
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) probes_.push_back(std::make_unique<DeadlineProbe>(cpu));
  }

  std::size_t cpus() const { return probes_.size(); }
  // Late wake-ups on all CPUs together, the latest of any, and whether all ran real-time.
  std::uint64_t frames_late() const {
    std::uint64_t n = 0;
    for (const auto& p : probes_) n += p->frames_late();
    return n;
  }
  std::int64_t worst_us() const {
    std::int64_t worst = 0;
    for (const auto& p : probes_) worst = std::max(worst, p->worst_us());
    return worst;
  }
  bool real_time() const {
    return std::all_of(probes_.begin(), probes_.end(),
                       [](const auto& p) { return p->real_time(); });
  }
  // (when, CPU) of the kept late wake-ups, in time order.
  std::vector<std::pair<std::int64_t, int>> late_at_us() const {
    std::vector<std::pair<std::int64_t, int>> all;
    for (const auto& p : probes_) {
      const auto kept = std::min<std::uint64_t>(p->frames_late(), DeadlineProbe::kKept);
      for (std::size_t i = 0; i < kept; ++i) all.emplace_back(p->late_at_us(i), p->cpu());
    }
    std::sort(all.begin(), all.end());
    return all;
  }

 private:
  std::vector<std::unique_ptr<DeadlineProbe>> probes_;
};

}  // namespace lava::test
