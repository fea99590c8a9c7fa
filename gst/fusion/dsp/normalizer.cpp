#include "fusion/dsp/normalizer.h"

#include <algorithm>
#include <cmath>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fusion/dsp/normalizer.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "analysis/dsp/simd_targets.h"

HWY_BEFORE_NAMESPACE();
namespace lava::dsp::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

float BlockPeak(std::span<const float> x) {
  const hn::ScalableTag<float> df;
  const std::size_t lanes = hn::Lanes(df);
  auto peak = hn::Zero(df);
  std::size_t i = 0;
  for (; i + lanes <= x.size(); i += lanes) peak = hn::Max(peak, hn::Abs(hn::LoadU(df, &x[i])));
  float result = hn::GetLane(hn::MaxOfLanes(df, peak));
  for (; i < x.size(); ++i) result = std::max(result, std::fabs(x[i]));
  return result;
}

double BlockMeanSquare(std::span<const float> x) {
  if (x.empty()) return 0.0;
  const hn::ScalableTag<float> df;
  const std::size_t lanes = hn::Lanes(df);
  auto acc = hn::Zero(df);
  std::size_t i = 0;
  for (; i + lanes <= x.size(); i += lanes) {
    const auto v = hn::LoadU(df, &x[i]);
    acc = hn::MulAdd(v, v, acc);
  }
  double sum = hn::GetLane(hn::SumOfLanes(df, acc));
  for (; i < x.size(); ++i) sum += static_cast<double>(x[i]) * x[i];
  return sum / static_cast<double>(x.size());
}

// Frame i of n gets from + (to − from)·(i + 1)/n, so the block ends exactly at `to`.
void ApplyGainRamp(std::span<float> x, float from, float to) {
  const hn::ScalableTag<float> df;
  const std::size_t lanes = hn::Lanes(df);
  const float step = (to - from) / static_cast<float>(x.size());
  const auto vstep = hn::Set(df, step);
  const auto vfrom = hn::Set(df, from);
  std::size_t i = 0;
  // Gain from the frame index each time (not accumulated), so every path ends exactly at `to`.
  for (; i + lanes <= x.size(); i += lanes) {
    const auto gain = hn::MulAdd(hn::Iota(df, static_cast<float>(i + 1)), vstep, vfrom);
    hn::StoreU(hn::Mul(hn::LoadU(df, &x[i]), gain), df, &x[i]);
  }
  for (; i < x.size(); ++i) x[i] *= from + step * static_cast<float>(i + 1);
}

}  // namespace lava::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace lava::dsp {

HWY_EXPORT(BlockPeak);
HWY_EXPORT(BlockMeanSquare);
HWY_EXPORT(ApplyGainRamp);

float block_peak(std::span<const float> samples) {
  apply_simd_cap();
  return HWY_DYNAMIC_DISPATCH(BlockPeak)(samples);
}

double block_mean_square(std::span<const float> samples) {
  apply_simd_cap();
  return HWY_DYNAMIC_DISPATCH(BlockMeanSquare)(samples);
}

void apply_gain_ramp(std::span<float> samples, float from, float to) {
  if (samples.empty()) return;
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(ApplyGainRamp)(samples, from, to);
}

namespace {

double db_to_amplitude(double db) {
  return std::pow(10.0, db / 20.0);
}

}  // namespace

void Normalizer::configure(const NormalizerSettings& settings, unsigned rate) {
  rate_ = rate == 0 ? 1 : rate;
  update(settings);
  reset();
}

void Normalizer::update(const NormalizerSettings& settings) {
  settings_ = settings;
  target_ = db_to_amplitude(settings.target_db);
  max_gain_ = db_to_amplitude(settings.max_gain_db);
}

void Normalizer::reset() {
  envelope_ = 0.0;
  gain_ = 1.0f;
}

double Normalizer::coefficient(double ms, std::size_t frames) const {
  if (ms <= 0.0) return 1.0;
  return 1.0 - std::exp(-static_cast<double>(frames) * 1000.0 / (ms * rate_));
}

void Normalizer::process(std::span<float> samples) {
  if (settings_.mode == NormalizeMode::kNone) return;
  const bool rms = settings_.mode == NormalizeMode::kRms;
  const double gate = db_to_amplitude(kGateDb);
  for (std::size_t at = 0; at < samples.size(); at += kBlock) {
    const std::span<float> block = samples.subspan(at, std::min(kBlock, samples.size() - at));
    // The envelope runs on amplitude for peak and on power for RMS (averaging power is what
    // RMS means).
    const double level = rms ? block_mean_square(block) : block_peak(block);
    const double gate_level = rms ? gate * gate : gate;
    float target_gain = gain_;
    if (level > gate_level) {
      if (envelope_ == 0.0) {
        envelope_ = level;  // first signal: start where it is instead of overshooting
      } else {
        const double ms = level > envelope_ ? settings_.attack_ms : settings_.release_ms;
        envelope_ += (level - envelope_) * coefficient(ms, block.size());
      }
      const double amplitude = rms ? std::sqrt(envelope_) : envelope_;
      target_gain = static_cast<float>(std::clamp(target_ / amplitude, 1.0 / max_gain_, max_gain_));
    }
    apply_gain_ramp(block, gain_, target_gain);
    gain_ = target_gain;
  }
}

}  // namespace lava::dsp
#endif  // HWY_ONCE
