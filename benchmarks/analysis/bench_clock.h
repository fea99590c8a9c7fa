// Timing helpers shared by the analysis benchmarks: best-of-N CPU time of a callable.
#pragma once

#include <algorithm>
#include <ctime>

namespace lava::bench {

inline double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Smallest CPU time over `repeats` runs of f (the least disturbed by the shared machine).
template <typename F>
double best_of(int repeats, F&& f) {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const double start = cpu_seconds();
    f();
    best = std::min(best, cpu_seconds() - start);
  }
  return best;
}

}  // namespace lava::bench
