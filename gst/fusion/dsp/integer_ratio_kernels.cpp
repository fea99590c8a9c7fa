#include "fusion/dsp/integer_ratio_kernels.h"

#include <algorithm>
#include <cstdlib>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fusion/dsp/integer_ratio_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "analysis/dsp/simd_targets.h"

HWY_BEFORE_NAMESPACE();
namespace lava::dsp::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace {

// 256-bit at most: on Zen 4 wider vectors only add cache-line splits.
using D = hn::CappedTag<float, kDecimateRowWidth>;
using V = hn::Vec<D>;
constexpr std::size_t kMaxLanes = HWY_MAX_BYTES / sizeof(float);
// Independent accumulator chains per loop, enough to cover the FMA latency on two pipes.
constexpr std::size_t kChains = 8;

template <std::size_t L>
HWY_INLINE void store_phases(D d, const V (&y)[L], float* out) {
  if constexpr (L == 2) hn::StoreInterleaved2(y[0], y[1], d, out);
  if constexpr (L == 3) hn::StoreInterleaved3(y[0], y[1], y[2], d, out);
  if constexpr (L == 4) hn::StoreInterleaved4(y[0], y[1], y[2], y[3], d, out);
}

// B·lanes input positions × L phases, written interleaved (position-major) to out.
template <std::size_t L, std::size_t B>
HWY_INLINE void upsample_block(const float* x, const float* coef, std::size_t taps, float* out) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  // Small constant loops, unrolled so every accumulator stays in a register.
  V acc[B][L];
  HWY_UNROLL(8)
  for (std::size_t b = 0; b < B; ++b) {
    HWY_UNROLL(4)
    for (std::size_t r = 0; r < L; ++r) acc[b][r] = hn::Zero(d);
  }
  for (std::size_t j = 0; j < taps; ++j) {
    V h[L];
    HWY_UNROLL(4)
    for (std::size_t r = 0; r < L; ++r) h[r] = hn::Set(d, coef[j * L + r]);
    HWY_UNROLL(8)
    for (std::size_t b = 0; b < B; ++b) {
      const V v = hn::LoadU(d, x + b * lanes + j);
      HWY_UNROLL(4)
      for (std::size_t r = 0; r < L; ++r) acc[b][r] = hn::MulAdd(h[r], v, acc[b][r]);
    }
  }
  HWY_UNROLL(8)
  for (std::size_t b = 0; b < B; ++b) store_phases<L>(d, acc[b], out + b * lanes * L);
}

template <std::size_t L>
void upsample_run(const float* x, const float* coef, std::size_t taps, std::size_t phase,
                  float* out, std::size_t n) {
  constexpr std::size_t B = std::max<std::size_t>(1, kChains / L);
  const std::size_t lanes = hn::Lanes(D());
  const std::size_t block = lanes * L;  // outputs of one vector of positions
  HWY_ALIGN float partial[kMaxLanes * L];
  // Linear output index of the first output at the current position (negative: already sent).
  std::ptrdiff_t at = -static_cast<std::ptrdiff_t>(phase);
  const std::ptrdiff_t end = static_cast<std::ptrdiff_t>(n);
  std::size_t position = 0;
  while (at < end) {
    if (at >= 0 && at + static_cast<std::ptrdiff_t>(B * block) <= end) {
      upsample_block<L, B>(x + position, coef, taps, out + at);
      position += B * lanes;
      at += static_cast<std::ptrdiff_t>(B * block);
    } else if (at >= 0 && at + static_cast<std::ptrdiff_t>(block) <= end) {
      upsample_block<L, 1>(x + position, coef, taps, out + at);
      position += lanes;
      at += static_cast<std::ptrdiff_t>(block);
    } else {
      upsample_block<L, 1>(x + position, coef, taps, partial);
      const std::ptrdiff_t from = std::max<std::ptrdiff_t>(at, 0);
      const std::ptrdiff_t to = std::min<std::ptrdiff_t>(at + block, end);
      std::copy(partial + (from - at), partial + (to - at), out + from);
      position += lanes;
      at += static_cast<std::ptrdiff_t>(block);
    }
  }
}

// B vectors of `lanes` consecutive outputs, starting at x: lane l of vector b is output
// Σ_t rows[t][l]·x[b·step + t] with rows[t][l] = h[t − factor·l] (zero outside the filter), so the
// coefficients are aligned vector loads and the input comes in as broadcasts: no load ever
// straddles a cache line, which unaligned input vectors at every tap offset would.
template <std::size_t B>
HWY_INLINE void decimate_block(const float* x, const float* rows, std::size_t count,
                               std::size_t step, float* out) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  V acc[B];
  HWY_UNROLL(8)
  for (std::size_t b = 0; b < B; ++b) acc[b] = hn::Zero(d);
  for (std::size_t t = 0; t < count; ++t) {
    const V c = hn::LoadU(d, rows + t * kDecimateRowWidth);
    HWY_UNROLL(8)
    for (std::size_t b = 0; b < B; ++b) acc[b] = hn::MulAdd(c, hn::Set(d, x[b * step + t]), acc[b]);
  }
  HWY_UNROLL(8)
  for (std::size_t b = 0; b < B; ++b) hn::StoreU(acc[b], d, out + b * lanes);
}

}  // namespace

void UpsampleInteger(const float* x, const float* coef, std::size_t taps, std::size_t factor,
                     std::size_t phase, float* out, std::size_t n) {
  switch (factor) {
    case 2:
      return upsample_run<2>(x, coef, taps, phase, out, n);
    case 3:
      return upsample_run<3>(x, coef, taps, phase, out, n);
    case 4:
      return upsample_run<4>(x, coef, taps, phase, out, n);
    default:
      std::abort();
  }
}

void DecimateInteger(const float* x, const float* rows, std::size_t taps, std::size_t factor,
                     float* out, std::size_t n) {
  const std::size_t lanes = hn::Lanes(D());
  const std::size_t count = taps + (lanes - 1) * factor;  // rows with a tap in some lane
  const std::size_t step = factor * lanes;                // input advance per output vector
  HWY_ALIGN float partial[kMaxLanes];
  std::size_t v = 0;
  for (; (v + kChains) * lanes <= n; v += kChains)
    decimate_block<kChains>(x + v * step, rows, count, step, out + v * lanes);
  for (; (v + 2) * lanes <= n; v += 2)
    decimate_block<2>(x + v * step, rows, count, step, out + v * lanes);
  for (; (v + 1) * lanes <= n; ++v)
    decimate_block<1>(x + v * step, rows, count, step, out + v * lanes);
  if (v * lanes < n) {
    decimate_block<1>(x + v * step, rows, count, step, partial);
    std::copy(partial, partial + (n - v * lanes), out + v * lanes);
  }
}

}  // namespace lava::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace lava::dsp {

HWY_EXPORT(UpsampleInteger);
HWY_EXPORT(DecimateInteger);

void upsample_integer(const float* x, const float* coef, std::size_t taps, std::size_t factor,
                      std::size_t phase, std::span<float> out) {
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(UpsampleInteger)(x, coef, taps, factor, phase, out.data(), out.size());
}

std::vector<float> decimate_rows(std::span<const float> h, std::size_t factor) {
  const std::size_t count = h.size() + (kDecimateRowWidth - 1) * factor;
  std::vector<float> rows(count * kDecimateRowWidth, 0.0f);
  for (std::size_t t = 0; t < count; ++t)
    for (std::size_t l = 0; l < kDecimateRowWidth; ++l)
      if (t >= factor * l && t - factor * l < h.size())
        rows[t * kDecimateRowWidth + l] = h[t - factor * l];
  return rows;
}

void decimate_integer(const float* x, std::span<const float> rows, std::size_t taps,
                      std::size_t factor, std::span<float> out) {
  if (rows.size() != (taps + (kDecimateRowWidth - 1) * factor) * kDecimateRowWidth) std::abort();
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(DecimateInteger)(x, rows.data(), taps, factor, out.data(), out.size());
}

}  // namespace lava::dsp
#endif  // HWY_ONCE
