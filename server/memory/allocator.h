// The node's glibc malloc settings: few arenas, no per-thread caches, and freed memory given back
// to the system.
#pragma once

namespace lava::server::memory {

// Turns off glibc's per-thread malloc caches (tcache) by running the node's own binary again with
// glibc.malloc.tcache_count=0 added to GLIBC_TUNABLES, which glibc reads only at process start.
// Leaves an operator's own tcache_count alone, and carries on unchanged if the binary cannot be
// run again. Call first thing in main, before any thread starts: the process id, arguments and
// descriptors stay the same.
void turn_off_thread_caches(char** argv);

// Caps glibc's malloc arenas at one per core, at least two, unless the environment already sets a
// cap (MALLOC_ARENA_MAX, or glibc.malloc.arena_max in GLIBC_TUNABLES). Call before any thread
// starts: threads pick their arena on their first allocation.
void cap_malloc_arenas();

// Hands the pages of freed memory in every arena back to the system (malloc_trim).
void release_free_memory();

}  // namespace lava::server::memory
