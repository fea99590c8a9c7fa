#include "memory/allocator.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace lava::server::memory {

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
