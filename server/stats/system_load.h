// CPU load of the machine and of this process since the previous sample, from /proc and
// getrusage, plus memory figures for the Stats object.
#pragma once

#include <cstdint>

namespace lava::server::stats {

struct Memory {
  std::int64_t free = 0;
  std::int64_t used = 0;
  std::int64_t allocated = 0;
  std::int64_t reservable = 0;
};

class SystemLoad {
 public:
  // Fractions 0..1 over the interval since the previous call (0 on the first call).
  void sample(double* system_load, double* process_load);
  static Memory memory();

 private:
  std::uint64_t last_busy_ = 0;
  std::uint64_t last_total_ = 0;
  std::int64_t last_cpu_us_ = 0;
  std::int64_t last_wall_us_ = 0;
};

}  // namespace lava::server::stats
