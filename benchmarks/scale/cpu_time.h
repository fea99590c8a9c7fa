// CPU time of the whole process (all threads, user + system), for the scale benchmarks.
#pragma once

#include <sys/resource.h>

namespace lava::bench {

inline double process_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

}  // namespace lava::bench
