// Which Highway targets our kernels may use: LAVA_SIMD (see cpu_features.h) mapped onto Highway's
// run-time target mask, plus helpers for tests that run every compiled path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lava::dsp {

// Applies the LAVA_SIMD cap once per process (scalar → Highway's portable scalar target only,
// sse2 → 128-bit targets only). Called by every kernel entry point; cheap after the first call.
void apply_simd_cap();

// Every Highway target compiled into our kernels that this CPU runs, best last; the portable
// scalar path (HWY_SCALAR, or EMU128 where the compiler handles it) is always first.
std::vector<std::int64_t> simd_targets();
std::string simd_target_name(std::int64_t target);
// The portable scalar reference target.
std::int64_t scalar_simd_target();

// Restricts dispatch to one target for its lifetime (tests only: the mask is process-wide).
class ScopedSimdTarget {
 public:
  explicit ScopedSimdTarget(std::int64_t target);
  ~ScopedSimdTarget();
  ScopedSimdTarget(const ScopedSimdTarget&) = delete;
  ScopedSimdTarget& operator=(const ScopedSimdTarget&) = delete;
};

}  // namespace lava::dsp
