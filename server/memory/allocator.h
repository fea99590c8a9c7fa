// The node's glibc malloc settings: few arenas, and freed memory given back to the system.
#pragma once

namespace lava::server::memory {

// Caps glibc's malloc arenas at one per core, at least two, unless the environment already sets a
// cap (MALLOC_ARENA_MAX, or glibc.malloc.arena_max in GLIBC_TUNABLES). Call before any thread
// starts: threads pick their arena on their first allocation.
void cap_malloc_arenas();

// Hands the pages of freed memory in every arena back to the system (malloc_trim).
void release_free_memory();

}  // namespace lava::server::memory
