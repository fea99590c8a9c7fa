#include "analysis/dsp/real_fft.h"

#include <cmath>
#include <cstdlib>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "analysis/dsp/real_fft.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <hwy/contrib/math/math-inl.h>  // after highway.h, once per target

#include "analysis/dsp/simd_targets.h"

HWY_BEFORE_NAMESPACE();
namespace lava::dsp::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace {

// At most 8 lanes: the stores that interleave short sub-transforms are written for 4 or 8.
using D = hn::CappedTag<float, 8>;
using V = hn::Vec<D>;

struct Cplx {
  V re, im;
};

HWY_INLINE Cplx cmul(Cplx a, V wr, V wi) {
  return {hn::NegMulAdd(a.im, wi, hn::Mul(a.re, wr)), hn::MulAdd(a.re, wi, hn::Mul(a.im, wr))};
}

// Writes R vectors whose lanes are R-way interleaved at granularity p (< lanes) from out.
template <std::size_t R>
HWY_INLINE void store_interleaved(D d, const V (&y)[R], std::size_t p, float* out) {
#if HWY_TARGET == HWY_SCALAR
  (void)d, (void)y, (void)p, (void)out;  // one lane: p is never below the vector width
#else
  const hn::Repartition<double, D> dd;
  if (p == 1) {
    if constexpr (R == 2) hn::StoreInterleaved2(y[0], y[1], d, out);
    if constexpr (R == 4) hn::StoreInterleaved4(y[0], y[1], y[2], y[3], d, out);
  } else if (p == 2) {
    double* o = reinterpret_cast<double*>(out);
    if constexpr (R == 2)
      hn::StoreInterleaved2(hn::BitCast(dd, y[0]), hn::BitCast(dd, y[1]), dd, o);
    if constexpr (R == 4)
      hn::StoreInterleaved4(hn::BitCast(dd, y[0]), hn::BitCast(dd, y[1]), hn::BitCast(dd, y[2]),
                            hn::BitCast(dd, y[3]), dd, o);
  } else {
    // p == 4 with 8 lanes: 128-bit halves.
    const std::size_t n = hn::Lanes(d);
    if constexpr (R == 2) {
      hn::StoreU(hn::ConcatLowerLower(d, y[1], y[0]), d, out);
      hn::StoreU(hn::ConcatUpperUpper(d, y[1], y[0]), d, out + n);
    }
    if constexpr (R == 4) {
      hn::StoreU(hn::ConcatLowerLower(d, y[1], y[0]), d, out);
      hn::StoreU(hn::ConcatLowerLower(d, y[3], y[2]), d, out + n);
      hn::StoreU(hn::ConcatUpperUpper(d, y[1], y[0]), d, out + 2 * n);
      hn::StoreU(hn::ConcatUpperUpper(d, y[3], y[2]), d, out + 3 * n);
    }
  }
#endif
}

template <std::size_t R>
HWY_INLINE void store_outputs(D d, const Cplx (&y)[R], std::size_t k, std::size_t p, float* out_re,
                              float* out_im) {
  const std::size_t lanes = hn::Lanes(d);
  if (p >= lanes) {
    const std::size_t j = k & (p - 1);
    const std::size_t base = (k - j) * R + j;
    for (std::size_t r = 0; r < R; ++r) {
      hn::StoreU(y[r].re, d, out_re + base + r * p);
      hn::StoreU(y[r].im, d, out_im + base + r * p);
    }
    return;
  }
  V re[R], im[R];
  for (std::size_t r = 0; r < R; ++r) {
    re[r] = y[r].re;
    im[r] = y[r].im;
  }
  store_interleaved<R>(d, re, p, out_re + k * R);
  store_interleaved<R>(d, im, p, out_im + k * R);
}

// Split complex input of a pass.
struct SplitLoader {
  const float* re;
  const float* im;
  HWY_INLINE Cplx operator()(D d, std::size_t i) const {
    return {hn::LoadU(d, re + i), hn::LoadU(d, im + i)};
  }
};

// The first pass reads the real input directly: z[t] = w[2t]·x[2t] + i·w[2t+1]·x[2t+1].
struct InputLoader {
  const float* x;
  const float* w;
  HWY_INLINE Cplx operator()(D d, std::size_t i) const {
    V xe, xo, we, wo;
    hn::LoadInterleaved2(d, x + 2 * i, xe, xo);
    hn::LoadInterleaved2(d, w + 2 * i, we, wo);
    return {hn::Mul(xe, we), hn::Mul(xo, wo)};
  }
};

template <class Load>
void radix2_pass(const RealFft::View& v, const FftStage& s, Load load, float* out_re,
                 float* out_im) {
  const D d;
  const std::size_t half = v.m / 2;
  for (std::size_t k = 0; k < half; k += hn::Lanes(d)) {
    const Cplx a = load(d, k);
    Cplx b = load(d, k + half);
    if (s.p > 1) {
      const std::size_t t = s.twiddles + (k & (s.period - 1));
      b = cmul(b, hn::LoadU(d, v.tw_re + t), hn::LoadU(d, v.tw_im + t));
    }
    const Cplx y[2] = {{hn::Add(a.re, b.re), hn::Add(a.im, b.im)},
                       {hn::Sub(a.re, b.re), hn::Sub(a.im, b.im)}};
    store_outputs<2>(d, y, k, s.p, out_re, out_im);
  }
}

template <class Load>
void radix4_pass(const RealFft::View& v, const FftStage& s, Load load, float* out_re,
                 float* out_im) {
  const D d;
  const std::size_t q = v.m / 4;
  for (std::size_t k = 0; k < q; k += hn::Lanes(d)) {
    Cplx a[4];
    for (std::size_t r = 0; r < 4; ++r) a[r] = load(d, k + r * q);
    if (s.p > 1) {
      const std::size_t t = s.twiddles + (k & (s.period - 1));
      for (std::size_t r = 1; r < 4; ++r) {
        const std::size_t row = t + (r - 1) * s.period;
        a[r] = cmul(a[r], hn::LoadU(d, v.tw_re + row), hn::LoadU(d, v.tw_im + row));
      }
    }
    const Cplx s02{hn::Add(a[0].re, a[2].re), hn::Add(a[0].im, a[2].im)};
    const Cplx d02{hn::Sub(a[0].re, a[2].re), hn::Sub(a[0].im, a[2].im)};
    const Cplx s13{hn::Add(a[1].re, a[3].re), hn::Add(a[1].im, a[3].im)};
    const Cplx d13{hn::Sub(a[1].re, a[3].re), hn::Sub(a[1].im, a[3].im)};
    // Forward transform: y1 = d02 − i·d13, y3 = d02 + i·d13.
    const Cplx y[4] = {{hn::Add(s02.re, s13.re), hn::Add(s02.im, s13.im)},
                       {hn::Add(d02.re, d13.im), hn::Sub(d02.im, d13.re)},
                       {hn::Sub(s02.re, s13.re), hn::Sub(s02.im, s13.im)},
                       {hn::Sub(d02.re, d13.im), hn::Add(d02.im, d13.re)}};
    store_outputs<4>(d, y, k, s.p, out_re, out_im);
  }
}

// Z = FFT(z) → the n/2+1 bins of the real transform (see real_fft.h).
void post_twiddle(const RealFft::View& v, float* zr, float* zi, float* re, float* im) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  const std::size_t m = v.m;
  zr[m] = zr[0];
  zi[m] = zi[0];
  const V half = hn::Set(d, 0.5f);
  for (std::size_t k = 0; k < m; k += lanes) {
    const V ar = hn::LoadU(d, zr + k), ai = hn::LoadU(d, zi + k);
    const V br = hn::Reverse(d, hn::LoadU(d, zr + m - k - lanes + 1));
    const V bi = hn::Neg(hn::Reverse(d, hn::LoadU(d, zi + m - k - lanes + 1)));
    const V fe_re = hn::Mul(hn::Add(ar, br), half), fe_im = hn::Mul(hn::Add(ai, bi), half);
    const Cplx fo{hn::Mul(hn::Sub(ar, br), half), hn::Mul(hn::Sub(ai, bi), half)};
    const Cplx t = cmul(fo, hn::LoadU(d, v.post_re + k), hn::LoadU(d, v.post_im + k));
    hn::StoreU(hn::Add(fe_re, t.im), d, re + k);
    hn::StoreU(hn::Sub(fe_im, t.re), d, im + k);
  }
  re[m] = zr[0] - zi[0];
  im[m] = 0.0f;
}

}  // namespace

void RealForward(const RealFft::View& v, const float* in, const float* window, float* re,
                 float* im) {
  const std::size_t stride = v.m + 16;
  float* bufs[2][2] = {{v.scratch, v.scratch + stride},
                       {v.scratch + 2 * stride, v.scratch + 3 * stride}};
  int cur = 0;
  for (std::size_t i = 0; i < v.stage_count; ++i) {
    const FftStage& s = v.stages[i];
    float* const* dst = bufs[cur ^ 1];
    if (i == 0) {
      const InputLoader load{in, window};
      if (s.radix == 2)
        radix2_pass(v, s, load, dst[0], dst[1]);
      else
        radix4_pass(v, s, load, dst[0], dst[1]);
    } else {
      const SplitLoader load{bufs[cur][0], bufs[cur][1]};
      if (s.radix == 2)
        radix2_pass(v, s, load, dst[0], dst[1]);
      else
        radix4_pass(v, s, load, dst[0], dst[1]);
    }
    cur ^= 1;
  }
  post_twiddle(v, bufs[cur][0], bufs[cur][1], re, im);
}

void AccumulatePower(const float* re, const float* im, float* acc, std::size_t n) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  std::size_t k = 0;
  for (; k + lanes <= n; k += lanes) {
    const V r = hn::LoadU(d, re + k), i = hn::LoadU(d, im + k);
    hn::StoreU(hn::MulAdd(r, r, hn::MulAdd(i, i, hn::LoadU(d, acc + k))), d, acc + k);
  }
  for (; k < n; ++k) acc[k] += re[k] * re[k] + im[k] * im[k];
}

void PowerToDb(const float* in, float scale, float floor_db, float* out, std::size_t n) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  const V vscale = hn::Set(d, scale), ten = hn::Set(d, 10.0f), vfloor = hn::Set(d, floor_db);
  const V tiny = hn::Set(d, 1e-30f);  // log of 0 stays finite; the floor clamps it anyway
  std::size_t k = 0;
  for (; k + lanes <= n; k += lanes) {
    const V p = hn::Max(hn::Mul(hn::LoadU(d, in + k), vscale), tiny);
    hn::StoreU(hn::Max(hn::Mul(ten, hn::Log10(d, p)), vfloor), d, out + k);
  }
  for (; k < n; ++k)
    out[k] = std::max(10.0f * std::log10(std::max(in[k] * scale, 1e-30f)), floor_db);
}

}  // namespace lava::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace lava::dsp {

HWY_EXPORT(RealForward);
HWY_EXPORT(AccumulatePower);
HWY_EXPORT(PowerToDb);

namespace {

constexpr std::size_t kWidestVector = 8;  // lanes of the capped tag above

}  // namespace

bool RealFft::valid_size(std::size_t n) {
  return n >= kMinSize && n <= kMaxSize && (n & (n - 1)) == 0;
}

RealFft::RealFft(std::size_t n) : n_(n) {
  if (!valid_size(n)) std::abort();
  const std::size_t m = n / 2;
  std::size_t log2m = 0;
  while ((std::size_t{1} << log2m) < m) ++log2m;
  std::size_t p = 1;
  auto add_stage = [&](std::size_t radix) {
    const std::size_t period = std::max(p, kWidestVector);
    const std::size_t offset = tw_re_.size();
    for (std::size_t r = 1; r < radix; ++r)
      for (std::size_t t = 0; t < period; ++t) {
        const double angle = -2.0 * M_PI * static_cast<double>(r * (t % p)) / (radix * p);
        tw_re_.push_back(static_cast<float>(std::cos(angle)));
        tw_im_.push_back(static_cast<float>(std::sin(angle)));
      }
    stages_.push_back({radix, p, offset, period});
    p *= radix;
  };
  if (log2m % 2 == 1) add_stage(2);
  while (p < m) add_stage(4);
  for (std::size_t k = 0; k < m; ++k) {
    const double angle = -2.0 * M_PI * static_cast<double>(k) / n;
    post_re_.push_back(static_cast<float>(std::cos(angle)));
    post_im_.push_back(static_cast<float>(std::sin(angle)));
  }
  scratch_.assign(4 * (m + 16), 0.0f);
  ones_.assign(n, 1.0f);
}

void RealFft::forward(std::span<const float> in, std::span<const float> window, std::span<float> re,
                      std::span<float> im) {
  const View view{n_ / 2,        stages_.data(),  stages_.size(),  tw_re_.data(),
                  tw_im_.data(), post_re_.data(), post_im_.data(), scratch_.data()};
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(RealForward)
  (view, in.data(), window.empty() ? ones_.data() : window.data(), re.data(), im.data());
}

void accumulate_power(std::span<const float> re, std::span<const float> im, std::span<float> acc) {
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(AccumulatePower)(re.data(), im.data(), acc.data(), acc.size());
}

void power_to_db(std::span<const float> in, float scale, float floor_db, std::span<float> out) {
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(PowerToDb)(in.data(), scale, floor_db, out.data(), out.size());
}

}  // namespace lava::dsp
#endif  // HWY_ONCE
