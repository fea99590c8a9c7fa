#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "analysis/dsp/simd_targets.h"
#include "fusion/dsp/normalizer.h"

namespace {

using lava::dsp::NormalizeMode;
using lava::dsp::Normalizer;
using lava::dsp::NormalizerSettings;

constexpr unsigned kRate = 16000;

std::vector<float> tone(std::size_t n, double freq, double amplitude) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = static_cast<float>(amplitude * std::sin(2 * M_PI * freq * i / kRate));
  return x;
}

double db(double x) {
  return 20 * std::log10(x);
}

// Runs 3 s of a sine at `level_db` peak through the normalizer in 160-sample buffers and returns
// the last second.
std::vector<float> settle(NormalizeMode mode, double level_db, double target_db) {
  Normalizer n;
  NormalizerSettings s;
  s.mode = mode;
  s.target_db = target_db;
  n.configure(s, kRate);
  std::vector<float> x = tone(3 * kRate, 440.0, std::pow(10.0, level_db / 20));
  for (std::size_t at = 0; at < x.size(); at += 160)
    n.process(std::span<float>(x).subspan(at, 160));
  return {x.end() - kRate, x.end()};
}

TEST(Normalizer, RmsModeReachesTargetWithinHalfDb) {
  for (double level : {-40.0, -20.0, -6.0}) {
    const std::vector<float> out = settle(NormalizeMode::kRms, level, -18.0);
    double sum = 0;
    for (float v : out) sum += double(v) * v;
    EXPECT_NEAR(db(std::sqrt(sum / out.size())), -18.0, 0.5) << "input " << level << " dBFS";
  }
}

TEST(Normalizer, PeakModeReachesTargetWithinHalfDb) {
  for (double level : {-30.0, -12.0, 0.0}) {
    const std::vector<float> out = settle(NormalizeMode::kPeak, level, -3.0);
    float peak = 0;
    for (float v : out) peak = std::max(peak, std::fabs(v));
    EXPECT_NEAR(db(peak), -3.0, 0.5) << "input " << level << " dBFS";
  }
}

TEST(Normalizer, GainIsBoundedAndSilenceIsNotChased) {
  Normalizer n;
  NormalizerSettings s;
  s.mode = NormalizeMode::kRms;
  s.target_db = -3.0;
  s.max_gain_db = 12.0;
  n.configure(s, kRate);
  std::vector<float> quiet = tone(kRate, 440.0, 0.001);  // −60 dBFS needs 54 dB
  n.process(quiet);
  EXPECT_NEAR(db(n.gain()), 12.0, 1e-3);
  std::vector<float> silence(kRate, 0.0f);
  n.process(silence);
  EXPECT_NEAR(db(n.gain()), 12.0, 1e-3);
}

// A level step must move the gain smoothly: no sample-to-sample gain change larger than what the
// attack allows in one block.
TEST(Normalizer, GainNeverJumpsOnALevelStep) {
  Normalizer n;
  NormalizerSettings s;
  s.mode = NormalizeMode::kPeak;
  n.configure(s, kRate);
  std::vector<float> dc(2 * kRate, 0.01f);
  std::fill(dc.begin() + kRate, dc.end(), 0.5f);
  std::vector<float> out = dc;
  n.process(out);
  double worst = 0;
  for (std::size_t i = 1; i < out.size(); ++i)
    worst = std::max(worst, double(std::fabs(out[i] / dc[i] - out[i - 1] / dc[i - 1])));
  EXPECT_LT(worst, 2.0);  // gain starts near 70 and falls to about 1.4: one block step stays small
  EXPECT_NEAR(out.back(), std::pow(10.0, -3.0 / 20), 0.01);
}

TEST(Normalizer, BlockKernelsMatchScalarOnEveryPath) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> d(-1, 1);
  std::vector<float> x(1003);
  for (float& v : x) v = d(rng);
  float peak_ref;
  double ms_ref;
  std::vector<float> ramp_ref = x;
  {
    lava::dsp::ScopedSimdTarget scalar(lava::dsp::scalar_simd_target());
    peak_ref = lava::dsp::block_peak(x);
    ms_ref = lava::dsp::block_mean_square(x);
    lava::dsp::apply_gain_ramp(ramp_ref, 0.5f, 2.0f);
  }
  for (std::int64_t target : lava::dsp::simd_targets()) {
    lava::dsp::ScopedSimdTarget scoped(target);
    EXPECT_EQ(lava::dsp::block_peak(x), peak_ref);
    EXPECT_NEAR(lava::dsp::block_mean_square(x), ms_ref, 1e-6);
    std::vector<float> ramp = x;
    lava::dsp::apply_gain_ramp(ramp, 0.5f, 2.0f);
    for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(ramp[i], ramp_ref[i], 1e-5);
    EXPECT_FLOAT_EQ(ramp.back(), x.back() * 2.0f);
  }
}

}  // namespace
