#include "distortion.h"

#include <algorithm>

#include "hwy_targets.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "filters/dsp/distortion.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <hwy/contrib/math/math-inl.h>

#include "analysis/dsp/simd_targets.h"

HWY_BEFORE_NAMESPACE();
namespace lava::dsp::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace {

using DF = hn::ScalableTag<float>;
using VF = hn::Vec<DF>;

// The distortion curve with its parameters splatted once per block.
struct Curve {
  VF sin_offset, sin_scale, cos_offset, cos_scale, tan_offset, tan_scale, offset, scale;

  explicit Curve(const DistortionParams& p)
      : sin_offset(hn::Set(DF(), static_cast<float>(p.sin_offset))),
        sin_scale(hn::Set(DF(), static_cast<float>(p.sin_scale))),
        cos_offset(hn::Set(DF(), static_cast<float>(p.cos_offset))),
        cos_scale(hn::Set(DF(), static_cast<float>(p.cos_scale))),
        tan_offset(hn::Set(DF(), static_cast<float>(p.tan_offset))),
        tan_scale(hn::Set(DF(), static_cast<float>(p.tan_scale))),
        offset(hn::Set(DF(), static_cast<float>(p.offset))),
        scale(hn::Set(DF(), static_cast<float>(p.scale))) {}

  // Unclamped. tan = sin / cos: Highway has no tangent, and the quotient of its sine and cosine
  // polynomials (a few ulp each) stays within 1e-6 of tan where the result is below clipping.
  VF operator()(DF df, VF x) const {
    const VF s = hn::Sin(df, hn::Mul(x, sin_scale));
    const VF c = hn::Cos(df, hn::Mul(x, cos_scale));
    const VF t_arg = hn::Mul(x, tan_scale);
    const VF t = hn::Div(hn::Sin(df, t_arg), hn::Cos(df, t_arg));
    const VF product =
        hn::Mul(hn::Mul(hn::Add(sin_offset, s), hn::Add(cos_offset, c)), hn::Add(tan_offset, t));
    return hn::MulAdd(scale, product, offset);
  }
};

VF clamp(DF df, VF y) {
  return hn::Min(hn::Max(y, hn::Set(df, -1.0f)), hn::Set(df, 1.0f));
}

}  // namespace

// Runs `kernel(x, index of x[0])` over n samples in place, the tail through a padded copy.
template <typename Kernel>
void for_each_vector(DF df, float* samples, std::size_t n, const Kernel& kernel) {
  const std::size_t lanes = hn::Lanes(df);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes)
    hn::StoreU(kernel(hn::LoadU(df, samples + i), i), df, samples + i);
  if (i == n) return;
  HWY_ALIGN float tail[HWY_MAX_BYTES / sizeof(float)] = {};
  std::copy(samples + i, samples + n, tail);
  hn::Store(kernel(hn::Load(df, tail), i), df, tail);
  std::copy(tail, tail + (n - i), samples + i);
}

// Fades from curve `from` to curve `to` across the block (sample i weighs `to` by (i + 1) / n);
// with from == to it is the plain curve.
void DistortRun(const DistortionParams& from, const DistortionParams& to, float* samples,
                std::size_t n) {
  const DF df;
  const Curve a(from);
  if (from == to) {
    for_each_vector(df, samples, n, [&](VF x, std::size_t) { return clamp(df, a(df, x)); });
    return;
  }
  const Curve b(to);
  const VF step = hn::Set(df, 1.0f / static_cast<float>(n));
  const VF iota = hn::Iota(df, 1.0f);
  for_each_vector(df, samples, n, [&](VF x, std::size_t i) {
    const VF t = hn::Mul(hn::Add(iota, hn::Set(df, static_cast<float>(i))), step);
    const VF ya = clamp(df, a(df, x));
    return hn::MulAdd(t, hn::Sub(clamp(df, b(df, x)), ya), ya);
  });
}

}  // namespace lava::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace lava::dsp {

HWY_EXPORT(DistortRun);

void Distortion::process(std::span<float> samples) {
  if (samples.empty()) return;
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(DistortRun)(current_, next_, samples.data(), samples.size());
  current_ = next_;
}

}  // namespace lava::dsp
#endif  // HWY_ONCE
