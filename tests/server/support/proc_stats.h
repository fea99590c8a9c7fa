// What a process holds, from /proc: resident memory, open descriptors, threads, and the CPU time
// it has used.
#pragma once

#include <cstdint>

namespace lava::test {

struct ProcStats {
  std::int64_t rss_kb = -1;
  int fds = -1;
  int threads = -1;
  double cpu_s = -1;  // user + system
};

ProcStats read_proc_stats(int pid);

// glibc malloc heaps of arenas other than the main one (which lives in [heap]): anonymous mappings
// that start on a 64 MiB boundary and, with the reserve after them, span exactly 64 MiB
// (glibc's HEAP_MAX_SIZE on 64-bit). One per arena while no arena outgrows 64 MiB.
int malloc_arena_heaps(int pid);

}  // namespace lava::test
