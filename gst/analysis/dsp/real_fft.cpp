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

// out[8·l + r] = y[r][l]: the p == 1 store of a radix-8 pass, as an in-register transpose.
HWY_INLINE void store_interleaved8(D d, const V (&y)[8], float* out) {
#if HWY_TARGET == HWY_SCALAR
  (void)d, (void)y, (void)out;  // one lane: p is never below the vector width
#else
  const hn::Repartition<double, D> dd;
  const std::size_t n = hn::Lanes(d);
  V t[8], u[8];
  HWY_UNROLL(8)
  for (std::size_t i = 0; i < 4; ++i) {
    t[2 * i] = hn::InterleaveLower(d, y[2 * i], y[2 * i + 1]);
    t[2 * i + 1] = hn::InterleaveUpper(d, y[2 * i], y[2 * i + 1]);
  }
  // u[c + 4h] holds lanes c (and c + 4) of y[4h…4h+3].
  HWY_UNROLL(8)
  for (std::size_t h = 0; h < 2; ++h) {
    const V* q = t + 4 * h;
    u[4 * h + 0] =
        hn::BitCast(d, hn::InterleaveLower(dd, hn::BitCast(dd, q[0]), hn::BitCast(dd, q[2])));
    u[4 * h + 1] =
        hn::BitCast(d, hn::InterleaveUpper(dd, hn::BitCast(dd, q[0]), hn::BitCast(dd, q[2])));
    u[4 * h + 2] =
        hn::BitCast(d, hn::InterleaveLower(dd, hn::BitCast(dd, q[1]), hn::BitCast(dd, q[3])));
    u[4 * h + 3] =
        hn::BitCast(d, hn::InterleaveUpper(dd, hn::BitCast(dd, q[1]), hn::BitCast(dd, q[3])));
  }
  if (n == 4) {
    HWY_UNROLL(8)
    for (std::size_t c = 0; c < 4; ++c) {
      hn::StoreU(u[c], d, out + 8 * c);
      hn::StoreU(u[c + 4], d, out + 8 * c + 4);
    }
  } else {
    HWY_UNROLL(8)
    for (std::size_t c = 0; c < 4; ++c) {
      hn::StoreU(hn::ConcatLowerLower(d, u[c + 4], u[c]), d, out + 8 * c);
      hn::StoreU(hn::ConcatUpperUpper(d, u[c + 4], u[c]), d, out + 8 * (c + 4));
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
    HWY_UNROLL(8)
    for (std::size_t r = 0; r < R; ++r) {
      hn::StoreU(y[r].re, d, out_re + base + r * p);
      hn::StoreU(y[r].im, d, out_im + base + r * p);
    }
    return;
  }
  V re[R], im[R];
  HWY_UNROLL(8)
  for (std::size_t r = 0; r < R; ++r) {
    re[r] = y[r].re;
    im[r] = y[r].im;
  }
  if constexpr (R == 8) {
    store_interleaved8(d, re, out_re + k * R);  // p == 1 (plans use radix 8 only there or ≥ lanes)
    store_interleaved8(d, im, out_im + k * R);
  } else {
    store_interleaved<R>(d, re, p, out_re + k * R);
    store_interleaved<R>(d, im, p, out_im + k * R);
  }
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

// Forward 4-point DFT: y1 = d02 − i·d13, y3 = d02 + i·d13.
HWY_INLINE void dft4(Cplx a0, Cplx a1, Cplx a2, Cplx a3, Cplx (&y)[4]) {
  const Cplx s02{hn::Add(a0.re, a2.re), hn::Add(a0.im, a2.im)};
  const Cplx d02{hn::Sub(a0.re, a2.re), hn::Sub(a0.im, a2.im)};
  const Cplx s13{hn::Add(a1.re, a3.re), hn::Add(a1.im, a3.im)};
  const Cplx d13{hn::Sub(a1.re, a3.re), hn::Sub(a1.im, a3.im)};
  y[0] = {hn::Add(s02.re, s13.re), hn::Add(s02.im, s13.im)};
  y[1] = {hn::Add(d02.re, d13.im), hn::Sub(d02.im, d13.re)};
  y[2] = {hn::Sub(s02.re, s13.re), hn::Sub(s02.im, s13.im)};
  y[3] = {hn::Sub(d02.re, d13.im), hn::Add(d02.im, d13.re)};
}

template <class Load>
void radix4_pass(const RealFft::View& v, const FftStage& s, Load load, float* out_re,
                 float* out_im) {
  const D d;
  const std::size_t q = v.m / 4;
  for (std::size_t k = 0; k < q; k += hn::Lanes(d)) {
    Cplx a[4];
    HWY_UNROLL(8)
    for (std::size_t r = 0; r < 4; ++r) a[r] = load(d, k + r * q);
    if (s.p > 1) {
      const std::size_t t = s.twiddles + (k & (s.period - 1));
      HWY_UNROLL(8)
      for (std::size_t r = 1; r < 4; ++r) {
        const std::size_t row = t + (r - 1) * s.period;
        a[r] = cmul(a[r], hn::LoadU(d, v.tw_re + row), hn::LoadU(d, v.tw_im + row));
      }
    }
    Cplx y[4];
    dft4(a[0], a[1], a[2], a[3], y);
    store_outputs<4>(d, y, k, s.p, out_re, out_im);
  }
}

template <class Load>
void radix8_pass(const RealFft::View& v, const FftStage& s, Load load, float* out_re,
                 float* out_im) {
  const D d;
  const std::size_t e = v.m / 8;
  const V r2 = hn::Set(d, 0.70710678118654752f);
  for (std::size_t k = 0; k < e; k += hn::Lanes(d)) {
    Cplx a[8];
    HWY_UNROLL(8)
    for (std::size_t r = 0; r < 8; ++r) a[r] = load(d, k + r * e);
    if (s.p > 1) {
      const std::size_t t = s.twiddles + (k & (s.period - 1));
      HWY_UNROLL(8)
      for (std::size_t r = 1; r < 8; ++r) {
        const std::size_t row = t + (r - 1) * s.period;
        a[r] = cmul(a[r], hn::LoadU(d, v.tw_re + row), hn::LoadU(d, v.tw_im + row));
      }
    }
    Cplx ev[4], od[4];
    dft4(a[0], a[2], a[4], a[6], ev);
    dft4(a[1], a[3], a[5], a[7], od);
    // od[r] ·= e^(−iπr/4): (1−i)/√2, −i, (−1−i)/√2.
    od[1] = {hn::Mul(hn::Add(od[1].re, od[1].im), r2), hn::Mul(hn::Sub(od[1].im, od[1].re), r2)};
    od[2] = {od[2].im, hn::Neg(od[2].re)};
    od[3] = {hn::Mul(hn::Sub(od[3].im, od[3].re), r2),
             hn::Neg(hn::Mul(hn::Add(od[3].re, od[3].im), r2))};
    Cplx y[8];
    HWY_UNROLL(8)
    for (std::size_t r = 0; r < 4; ++r) {
      y[r] = {hn::Add(ev[r].re, od[r].re), hn::Add(ev[r].im, od[r].im)};
      y[r + 4] = {hn::Sub(ev[r].re, od[r].re), hn::Sub(ev[r].im, od[r].im)};
    }
    store_outputs<8>(d, y, k, s.p, out_re, out_im);
  }
}

template <class Load>
void run_pass(const RealFft::View& v, const FftStage& s, Load load, float* out_re, float* out_im) {
  if (s.radix == 2)
    radix2_pass(v, s, load, out_re, out_im);
  else if (s.radix == 4)
    radix4_pass(v, s, load, out_re, out_im);
  else
    radix8_pass(v, s, load, out_re, out_im);
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
    if (i == 0)
      run_pass(v, s, InputLoader{in, window}, dst[0], dst[1]);
    else
      run_pass(v, s, SplitLoader{bufs[cur][0], bufs[cur][1]}, dst[0], dst[1]);
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
  if (m >= 8 * kWidestVector) {
    // Radix 8 first (its p = 1 store is a register transpose), then radix 8 while it fits, then
    // one radix-4 or radix-2 pass: log2(m)/3 rounded up passes in all.
    add_stage(8);
    while (p * 8 <= m) add_stage(8);
    if (p < m) add_stage(m / p);
  } else {
    // Too short for a radix-8 pass over whole vectors.
    if (log2m % 2 == 1) add_stage(2);
    while (p < m) add_stage(4);
  }
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
