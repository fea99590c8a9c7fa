// Highway targets for the filter kernels, included before any Highway header. As for the rest of
// the plugin, no SSSE3 or AVX3_DL (compile time without a faster path); and no SVE: the kernels
// keep vectors in arrays and structs, which needs sized vector types, so arm64 runs NEON.
#pragma once

#undef HWY_DISABLED_TARGETS
#define HWY_DISABLED_TARGETS \
  (HWY_SSSE3 | HWY_AVX3_DL | HWY_SVE | HWY_SVE2 | HWY_SVE_256 | HWY_SVE2_128)
