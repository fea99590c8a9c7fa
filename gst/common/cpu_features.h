// What the CPU we run on can do, for choosing SIMD kernels at run time.
#pragma once

#include <string>

namespace lava {

enum class SimdLevel { kScalar, kSse2, kAvx2Fma, kNeon };

struct CpuFeatures {
  bool sse2 = false;
  bool avx2 = false;
  bool fma = false;
  bool aesni = false;
  bool neon = false;

  // The best kernel family this CPU runs; LAVA_SIMD=scalar|sse2|avx2 in the environment caps it
  // (for tests and benchmarks that compare paths).
  SimdLevel best() const;
};

const CpuFeatures& cpu_features();
const char* simd_level_name(SimdLevel level);
std::string cpu_features_summary();

}  // namespace lava
