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

using D = hn::CappedTag<float, 8>;
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

// B vectors of consecutive outputs from the deinterleaved streams s[p][i] = x[M·i + p]; taps is a
// multiple of the factor. M is the factor when known at compile time, 0 otherwise.
template <std::size_t M, std::size_t B>
HWY_INLINE void decimate_block(const float* streams, std::size_t stride, std::size_t factor,
                               const float* h, std::size_t taps, std::size_t first, float* out) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  const std::size_t m = M != 0 ? M : factor;
  V acc[B];
  HWY_UNROLL(8)
  for (std::size_t b = 0; b < B; ++b) acc[b] = hn::Zero(d);
  for (std::size_t k = 0; k < taps / m; ++k) {
    HWY_UNROLL(4)
    for (std::size_t p = 0; p < m; ++p) {
      const V hv = hn::Set(d, h[k * m + p]);
      const float* s = streams + p * stride + first + k;
      HWY_UNROLL(8)
      for (std::size_t b = 0; b < B; ++b)
        acc[b] = hn::MulAdd(hv, hn::LoadU(d, s + b * lanes), acc[b]);
    }
  }
  HWY_UNROLL(8)
  for (std::size_t b = 0; b < B; ++b) hn::StoreU(acc[b], d, out + b * lanes);
}

// streams[p·stride + i] = x[factor·i + p] for i < count (rounded up to whole vectors).
void deinterleave(const float* x, std::size_t factor, std::size_t count, float* streams,
                  std::size_t stride) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  V a, b, c, e;
  for (std::size_t i = 0; i < count; i += lanes) {
    const float* src = x + factor * i;
    float* dst = streams + i;
    switch (factor) {
      case 2:
        hn::LoadInterleaved2(d, src, a, b);
        hn::StoreU(a, d, dst), hn::StoreU(b, d, dst + stride);
        break;
      case 3:
        hn::LoadInterleaved3(d, src, a, b, c);
        hn::StoreU(a, d, dst), hn::StoreU(b, d, dst + stride), hn::StoreU(c, d, dst + 2 * stride);
        break;
      case 4:
        hn::LoadInterleaved4(d, src, a, b, c, e);
        hn::StoreU(a, d, dst), hn::StoreU(b, d, dst + stride), hn::StoreU(c, d, dst + 2 * stride);
        hn::StoreU(e, d, dst + 3 * stride);
        break;
      default:
        for (std::size_t l = 0; l < lanes; ++l)
          for (std::size_t p = 0; p < factor; ++p) dst[p * stride + l] = src[factor * l + p];
    }
  }
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

template <std::size_t M>
void decimate_run(const float* streams, std::size_t stride, std::size_t factor, const float* h,
                  std::size_t taps, float* out, std::size_t n) {
  const std::size_t lanes = hn::Lanes(D());
  HWY_ALIGN float partial[kMaxLanes];
  std::size_t v = 0;
  for (; (v + kChains) * lanes <= n; v += kChains)
    decimate_block<M, kChains>(streams, stride, factor, h, taps, v * lanes, out + v * lanes);
  for (; (v + 2) * lanes <= n; v += 2)
    decimate_block<M, 2>(streams, stride, factor, h, taps, v * lanes, out + v * lanes);
  for (; (v + 1) * lanes <= n; ++v)
    decimate_block<M, 1>(streams, stride, factor, h, taps, v * lanes, out + v * lanes);
  if (v * lanes < n) {
    decimate_block<M, 1>(streams, stride, factor, h, taps, v * lanes, partial);
    std::copy(partial, partial + (n - v * lanes), out + v * lanes);
  }
}

void DecimateInteger(const float* x, const float* h, std::size_t taps, std::size_t factor,
                     float* out, std::size_t n, float* scratch, std::size_t stride) {
  const std::size_t lanes = hn::Lanes(D());
  const std::size_t vectors = (n + lanes - 1) / lanes;
  deinterleave(x, factor, vectors * lanes + taps / factor, scratch, stride);
  switch (factor) {
    case 2:
      return decimate_run<2>(scratch, stride, factor, h, taps, out, n);
    case 3:
      return decimate_run<3>(scratch, stride, factor, h, taps, out, n);
    case 4:
      return decimate_run<4>(scratch, stride, factor, h, taps, out, n);
    default:
      return decimate_run<0>(scratch, stride, factor, h, taps, out, n);
  }
}

}  // namespace lava::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace lava::dsp {

HWY_EXPORT(UpsampleInteger);
HWY_EXPORT(DecimateInteger);

namespace {

// Lanes of the widest vector any target may use (SVE can go to 2048 bits).
constexpr std::size_t kLanesBound = 64;

std::size_t stream_stride(std::size_t outputs, std::size_t taps, std::size_t factor) {
  return outputs + 2 * kLanesBound + taps / factor + 2;
}

}  // namespace

void upsample_integer(const float* x, const float* coef, std::size_t taps, std::size_t factor,
                      std::size_t phase, std::span<float> out) {
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(UpsampleInteger)(x, coef, taps, factor, phase, out.data(), out.size());
}

std::size_t decimate_scratch_size(std::size_t outputs, std::size_t taps, std::size_t factor) {
  return factor * stream_stride(outputs, taps, factor);
}

void decimate_integer(const float* x, const float* h, std::size_t taps, std::size_t factor,
                      std::span<float> out, std::span<float> scratch) {
  if (taps % factor != 0 || scratch.size() < decimate_scratch_size(out.size(), taps, factor))
    std::abort();
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(DecimateInteger)
  (x, h, taps, factor, out.data(), out.size(), scratch.data(),
   stream_stride(out.size(), taps, factor));
}

}  // namespace lava::dsp
#endif  // HWY_ONCE
