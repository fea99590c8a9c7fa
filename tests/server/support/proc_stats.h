// What a process holds, from /proc: resident memory, open descriptors, threads.
#pragma once

#include <cstdint>

namespace lava::test {

struct ProcStats {
  std::int64_t rss_kb = -1;
  int fds = -1;
  int threads = -1;
};

ProcStats read_proc_stats(int pid);

}  // namespace lava::test
