#include "cpu_features.h"

#include <cstdlib>
#include <cstring>

namespace lava {

namespace {

CpuFeatures probe() {
  CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  f.sse2 = __builtin_cpu_supports("sse2");
  f.avx2 = __builtin_cpu_supports("avx2");
  f.fma = __builtin_cpu_supports("fma");
  f.aesni = __builtin_cpu_supports("aes");
#elif defined(__aarch64__)
  f.neon = true;  // Advanced SIMD is mandatory on AArch64.
#endif
  return f;
}

SimdLevel cap_from_env(SimdLevel level) {
  const char* env = std::getenv("LAVA_SIMD");
  if (!env) return level;
  if (std::strcmp(env, "scalar") == 0) return SimdLevel::kScalar;
  if (std::strcmp(env, "sse2") == 0 && level == SimdLevel::kAvx2Fma) return SimdLevel::kSse2;
  return level;
}

}  // namespace

SimdLevel CpuFeatures::best() const {
  SimdLevel level = SimdLevel::kScalar;
  if (neon) level = SimdLevel::kNeon;
  if (sse2) level = SimdLevel::kSse2;
  if (avx2 && fma) level = SimdLevel::kAvx2Fma;
  return cap_from_env(level);
}

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = probe();
  return features;
}

const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::kScalar:
      return "scalar";
    case SimdLevel::kSse2:
      return "sse2";
    case SimdLevel::kAvx2Fma:
      return "avx2+fma";
    case SimdLevel::kNeon:
      return "neon";
  }
  return "unknown";
}

std::string cpu_features_summary() {
  const CpuFeatures& f = cpu_features();
  std::string s = simd_level_name(f.best());
  if (f.aesni) s += " aes-ni";
  return s;
}

}  // namespace lava
