#include "simd_targets.h"

#include <hwy/highway.h>
#include <hwy/targets.h>

#include <mutex>

#include "cpu_features.h"

namespace lava::dsp {

namespace {

constexpr std::int64_t k128BitTargets = HWY_EMU128 | HWY_SCALAR
#if HWY_ARCH_X86
                                        | HWY_SSSE3 | HWY_SSE4
#elif HWY_ARCH_ARM
                                        | HWY_NEON
#endif
    ;

std::int64_t cap_mask() {
  switch (cpu_features().best()) {
    case SimdLevel::kScalar:
      return HWY_BASELINE_SCALAR;
    case SimdLevel::kSse2:
      return hwy::SupportedTargets() & k128BitTargets;
    default:
      return 0;  // no cap
  }
}

// Computed once, before any mock is installed, so restoring it later is exact.
std::int64_t process_cap() {
  static const std::int64_t mask = cap_mask();
  return mask;
}

}  // namespace

void apply_simd_cap() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (process_cap() != 0) hwy::SetSupportedTargetsForTest(process_cap());
  });
}

std::vector<std::int64_t> simd_targets() {
  apply_simd_cap();
  std::vector<std::int64_t> targets = hwy::SupportedAndGeneratedTargets();
  // Highway lists best first; tests read more naturally from the reference upwards.
  return {targets.rbegin(), targets.rend()};
}

std::string simd_target_name(std::int64_t target) {
  return hwy::TargetName(target);
}

std::int64_t scalar_simd_target() {
  return HWY_BASELINE_SCALAR;
}

ScopedSimdTarget::ScopedSimdTarget(std::int64_t target) {
  apply_simd_cap();
  hwy::SetSupportedTargetsForTest(target);
}

ScopedSimdTarget::~ScopedSimdTarget() {
  hwy::SetSupportedTargetsForTest(process_cap());
}

}  // namespace lava::dsp
