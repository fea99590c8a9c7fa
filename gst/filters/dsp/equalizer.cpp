#include "equalizer.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "hwy_targets.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "filters/dsp/equalizer.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "analysis/dsp/simd_targets.h"

HWY_BEFORE_NAMESPACE();
namespace lava::dsp::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace {

// At most four doubles per vector: with wider ones (AVX-512) 16 lanes would make only two, too
// few independent recursions to hide the multiply-add latency.
using DD = hn::CappedTag<double, 4>;
using VD = hn::Vec<DD>;
constexpr std::size_t kBandLanes = 16;

// One channel: `frames` samples `stride` apart. y1/y2 hold the band outputs of the previous two
// frames, x the previous two inputs; the gains move linearly from `from` to `to`.
template <std::size_t kVectors>
void EqualizerChannel(DD dd, float* samples, std::size_t frames, std::size_t stride, double* y1,
                      double* y2, double* x, const double* alpha, const double* gamma,
                      const double* beta, const double* from, const double* to, bool moving) {
  const std::size_t lanes = hn::Lanes(dd);
  VD a[kVectors], g[kVectors], b[kVectors], gain[kVectors], delta[kVectors], s1[kVectors],
      s2[kVectors];
  for (std::size_t v = 0; v < kVectors; ++v) {
    a[v] = hn::Load(dd, alpha + v * lanes);
    g[v] = hn::Load(dd, gamma + v * lanes);
    b[v] = hn::Load(dd, beta + v * lanes);
    gain[v] = hn::Load(dd, to + v * lanes);
    delta[v] = hn::Sub(gain[v], hn::Load(dd, from + v * lanes));
    s1[v] = hn::Load(dd, y1 + v * lanes);
    s2[v] = hn::Load(dd, y2 + v * lanes);
  }
  double x1 = x[0], x2 = x[1];
  const double inv_frames = 1.0 / static_cast<double>(frames);
  for (std::size_t f = 0; f < frames; ++f) {
    float& sample = samples[f * stride];
    const double in = sample;
    const VD dx = hn::Set(dd, in - x2);
    x2 = x1;
    x1 = in;
    // Ramp::at: from + (to - from) * (f + 1) / frames, written as to - (to - from) * rest.
    const VD rest = hn::Set(dd, 1.0 - static_cast<double>(f + 1) * inv_frames);
    VD sum = hn::Zero(dd);
    // Unrolled, so the band states stay in registers from frame to frame.
#pragma GCC unroll 16
    for (std::size_t v = 0; v < kVectors; ++v) {
      // Only the last multiply-add waits for the previous frame's output.
      const VD y = hn::MulAdd(g[v], s1[v], hn::MulAdd(a[v], dx, hn::Neg(hn::Mul(b[v], s2[v]))));
      s2[v] = s1[v];
      s1[v] = y;
      const VD weight = moving ? hn::NegMulAdd(delta[v], rest, gain[v]) : gain[v];
      sum = hn::MulAdd(weight, y, sum);
    }
    const double out = 4.0 * (0.25 * in + hn::GetLane(hn::SumOfLanes(dd, sum)));
    // min/max, not std::clamp: GCC turns that into two branches.
    sample = static_cast<float>(std::min(std::max(out, -1.0), 1.0));
  }
  for (std::size_t v = 0; v < kVectors; ++v) {
    hn::Store(s1[v], dd, y1 + v * lanes);
    hn::Store(s2[v], dd, y2 + v * lanes);
  }
  x[0] = x1;
  x[1] = x2;
}

}  // namespace

void EqualizerRun(float* samples, std::size_t frames, std::size_t channels, double* state,
                  std::size_t state_stride, const double* coefficients, const double* from,
                  const double* to, bool moving) {
  const DD dd;
  const double* alpha = coefficients;
  const double* gamma = coefficients + kBandLanes;
  const double* beta = coefficients + 2 * kBandLanes;
  for (std::size_t c = 0; c < channels; ++c) {
    double* s = state + c * state_stride;
    auto run = [&](auto vectors) {
      EqualizerChannel<decltype(vectors)::value>(dd, samples + c, frames, channels, s,
                                                 s + kBandLanes, s + 2 * kBandLanes, alpha, gamma,
                                                 beta, from, to, moving);
    };
    switch (hn::Lanes(dd)) {
      case 4:
        run(std::integral_constant<std::size_t, 4>());
        break;
      case 2:
        run(std::integral_constant<std::size_t, 8>());
        break;
      default:
        run(std::integral_constant<std::size_t, 16>());
        break;
    }
  }
}

}  // namespace lava::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace lava::dsp {

HWY_EXPORT(EqualizerRun);

BandCoefficients design_equalizer_band(double centre_hz, double rate) {
  // Constant-peak band-pass: |H|^2 = 1 / (1 + q^2 ((cos w - cos w0) / sin w)^2) with
  // q = (1 + beta) / (1 - beta). Putting |H|^2 = 1/2 at the lower edge w1 gives beta.
  const double w0 = 2 * M_PI * centre_hz / rate;
  const double w1 = w0 / std::cbrt(2.0);
  const double k = std::abs(std::cos(w1) - std::cos(w0)) / std::sin(w1);
  const double beta = (1 - k) / (1 + k);
  return {beta, (1 - beta) / 2, (1 + beta) * std::cos(w0)};
}

void Equalizer::configure(double rate, unsigned channels) {
  coefficients_ = {};
  for (int b = 0; b < kEqualizerBandCount; ++b) {
    const BandCoefficients k = design_equalizer_band(kEqualizerCentresHz[b], rate);
    coefficients_[b] = k.alpha;
    coefficients_[kLanes + b] = k.gamma;
    coefficients_[2 * kLanes + b] = k.beta;
  }
  state_.assign(channels, ChannelState{});
}

void Equalizer::set_gains(const std::array<float, kEqualizerBandCount>& gains) {
  std::copy(gains.begin(), gains.end(), gain_to_.begin());
}

void Equalizer::reset() {
  std::fill(state_.begin(), state_.end(), ChannelState{});
  gain_from_ = gain_to_;
}

void Equalizer::process(std::span<float> interleaved) {
  const std::size_t channels = state_.size();
  if (channels == 0) return;
  const std::size_t frames = interleaved.size() / channels;
  if (frames == 0) return;
  // EqualizerRun finds y2 and the inputs at these offsets from y1.
  static_assert(offsetof(ChannelState, y2) == kLanes * sizeof(double));
  static_assert(offsetof(ChannelState, x1) == 2 * kLanes * sizeof(double));
  static_assert(offsetof(ChannelState, x2) == offsetof(ChannelState, x1) + sizeof(double));
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(EqualizerRun)
  (interleaved.data(), frames, channels, state_.data()->y1.data(),
   sizeof(ChannelState) / sizeof(double), coefficients_.data(), gain_from_.data(), gain_to_.data(),
   gain_from_ != gain_to_);
  gain_from_ = gain_to_;
}

}  // namespace lava::dsp
#endif  // HWY_ONCE
