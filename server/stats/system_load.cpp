#include "system_load.h"

#include <glib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace lava::server::stats {

namespace {

bool read_proc_stat(std::uint64_t* busy, std::uint64_t* total) {
  FILE* f = std::fopen("/proc/stat", "r");
  if (!f) return false;
  unsigned long long v[8] = {};
  const int n = std::fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
                            &v[3], &v[4], &v[5], &v[6], &v[7]);
  std::fclose(f);
  if (n < 4) return false;
  *total = 0;
  for (unsigned long long x : v) *total += x;
  *busy = *total - v[3] - v[4];  // minus idle and iowait
  return true;
}

std::int64_t process_cpu_us() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000LL + u.ru_utime.tv_usec +
         u.ru_stime.tv_usec;
}

}  // namespace

void SystemLoad::sample(double* system_load, double* process_load) {
  std::uint64_t busy = 0, total = 0;
  *system_load = 0;
  if (read_proc_stat(&busy, &total)) {
    if (last_total_ && total > last_total_)
      *system_load =
          static_cast<double>(busy - last_busy_) / static_cast<double>(total - last_total_);
    last_busy_ = busy;
    last_total_ = total;
  }
  const std::int64_t cpu = process_cpu_us();
  const std::int64_t wall = g_get_monotonic_time();
  *process_load = 0;
  if (last_wall_us_ && wall > last_wall_us_)
    *process_load = static_cast<double>(cpu - last_cpu_us_) /
                    static_cast<double>((wall - last_wall_us_) * g_get_num_processors());
  last_cpu_us_ = cpu;
  last_wall_us_ = wall;
  *system_load = std::clamp(*system_load, 0.0, 1.0);
  *process_load = std::clamp(*process_load, 0.0, 1.0);
}

Memory SystemLoad::memory() {
  Memory m;
  const long page = sysconf(_SC_PAGESIZE);
  long long size = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%lld %lld", &size, &resident) != 2) size = resident = 0;
    std::fclose(f);
  }
  m.used = resident * page;
  m.allocated = size * page;
  m.free = std::max<std::int64_t>(0, m.allocated - m.used);
  m.reservable = static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) * page;
  return m;
}

}  // namespace lava::server::stats
