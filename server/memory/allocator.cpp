#include "memory/allocator.h"

#include <limits.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <string>

namespace lava::server::memory {

void turn_off_thread_caches(char** argv) {
  // Each thread's cache keeps freed chunks from all over the heap for itself, where malloc_trim
  // cannot hand their pages back; with two threads per player they pinned a slow, steady RSS
  // climb in the soak, and without them the node held less at the same CPU (docs/security.md,
  // "Soak").
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables && std::strstr(tunables, "tcache_count")) return;
  std::string value = "glibc.malloc.tcache_count=0";
  if (tunables && *tunables) value = std::string(tunables) + ":" + value;
  setenv("GLIBC_TUNABLES", value.c_str(), 1);
  // By its own path, not /proc/self/exe: the process is named after the file it runs (ps, pidof).
  std::array<char, PATH_MAX> self{};
  const ssize_t n = readlink("/proc/self/exe", self.data(), self.size() - 1);
  if (n > 0) execv(self.data(), argv);
}

void cap_malloc_arenas() {
  // glibc gives each new thread an arena of its own up to 8 per core; a node starts streaming
  // threads with every track, and their arenas fragment and rarely shrink (docs/security.md,
  // "Soak"). At most one thread per core runs at a time, so more arenas than cores buy little.
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (std::getenv("MALLOC_ARENA_MAX") || (tunables && std::strstr(tunables, "arena_max"))) return;
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2L, sysconf(_SC_NPROCESSORS_ONLN))));
}

void release_free_memory() {
  malloc_trim(0);
}

}  // namespace lava::server::memory
