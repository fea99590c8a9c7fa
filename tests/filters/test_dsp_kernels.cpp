// Each kernel against a double-precision reference of its documented formula (max abs error
// <= 1e-5 on F32), with parameters held constant so no ramp is involved.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/dsp/simd_targets.h"
#include "audio_helpers.h"
#include "filters/dsp/channel_mix.h"
#include "filters/dsp/distortion.h"
#include "filters/dsp/karaoke.h"
#include "filters/dsp/low_pass.h"
#include "filters/dsp/rotation.h"
#include "filters/dsp/tremolo.h"
#include "filters/dsp/vibrato.h"
#include "filters/dsp/volume.h"

using lava::test::sine;

namespace {

constexpr double kTolerance = 1e-5;
constexpr double kRate = 48000;

std::vector<float> test_signal(std::size_t frames = 4800) {
  auto a = sine(frames, 440, 2, 48000, 0, 0.4);
  auto b = sine(frames, 3100, 2, 48000, 0, 0.3);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  return a;
}

void expect_close(const std::vector<float>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  double worst = 0;
  for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(got[i] - want[i]));
  EXPECT_LE(worst, kTolerance);
}

// Runs `process` over `x` in uneven blocks, as buffers arrive.
template <typename Process>
std::vector<float> in_blocks(std::vector<float> x, Process process) {
  std::size_t i = 0;
  for (std::size_t block : {2 * 480u, 2 * 7u, 2 * 1024u, 2 * 333u}) {
    while (i < x.size()) {
      const std::size_t n = std::min(block, x.size() - i);
      process(std::span<float>(x).subspan(i, n));
      i += n;
      if (i % 4000 < block) break;
    }
  }
  if (i < x.size()) process(std::span<float>(x).subspan(i));
  return x;
}

TEST(Kernels, Tremolo) {
  const auto x = test_signal();
  lava::dsp::Tremolo k;
  k.configure(kRate, 2);
  k.set_params(4.0, 0.8);
  k.reset();
  auto got = in_blocks(x, [&](std::span<float> s) { k.process(s); });
  std::vector<double> want(x.size());
  for (std::size_t f = 0; f < x.size() / 2; ++f) {
    const double phase = 2 * M_PI * 4.0 * double(f) / kRate;
    const double gain = (1 - 0.4) + 0.4 * std::sin(phase);
    for (int c = 0; c < 2; ++c) want[2 * f + c] = x[2 * f + c] * gain;
  }
  expect_close(got, want);
}

TEST(Kernels, Rotation) {
  const auto x = test_signal();
  lava::dsp::Rotation k;
  k.configure(kRate);
  k.set_rotation_hz(0.7);
  auto got = in_blocks(x, [&](std::span<float> s) { k.process(s); });
  std::vector<double> want(x.size());
  for (std::size_t f = 0; f < x.size() / 2; ++f) {
    const double s = std::sin(2 * M_PI * 0.7 * double(f) / kRate);
    want[2 * f] = x[2 * f] * (1 + s) / 2;
    want[2 * f + 1] = x[2 * f + 1] * (1 - s) / 2;
  }
  expect_close(got, want);
}

double distortion_reference(const lava::dsp::DistortionParams& p, double v) {
  const double y = p.offset + p.scale * (p.sin_offset + std::sin(v * p.sin_scale)) *
                                  (p.cos_offset + std::cos(v * p.cos_scale)) *
                                  (p.tan_offset + std::tan(v * p.tan_scale));
  return std::clamp(y, -1.0, 1.0);
}

// Every SIMD path (the portable scalar one first) against the double formula, with arguments
// from small to several periods of sin/cos; and each path against the scalar one.
TEST(Kernels, DistortionEverySimdPath) {
  auto x = test_signal();
  const auto loud = sine(x.size() / 2, 97, 2, 48000, 0, 3.0);
  x.insert(x.end(), loud.begin(), loud.end());
  const lava::dsp::DistortionParams settings[] = {
      {0.1, 1.5, 0.2, 2.0, 0.3, 0.5, 0.05, 0.8},
      {0, 4.0, -0.5, 3.0, 0, 0.4, 0, 0.3},
      {0.5, 12.0, 0.1, 7.0, 0.2, 0.25, -0.1, 0.6},
  };
  ASSERT_GE(lava::dsp::simd_targets().size(), 1u);
  for (const auto& p : settings) {
    std::vector<double> want(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) want[i] = distortion_reference(p, x[i]);
    std::vector<float> scalar;
    for (std::int64_t target : lava::dsp::simd_targets()) {
      SCOPED_TRACE(lava::dsp::simd_target_name(target));
      lava::dsp::ScopedSimdTarget scoped(target);
      lava::dsp::Distortion k;
      k.set_params(p);
      k.reset();
      auto got = in_blocks(x, [&](std::span<float> s) { k.process(s); });
      expect_close(got, want);
      if (scalar.empty()) scalar = got;
      for (std::size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], scalar[i], 2e-6) << i;
    }
  }
}

// A change fades between the two curves across one block, the same on every path.
TEST(Kernels, DistortionChangeCrossFades) {
  const auto x = test_signal(1000);
  const lava::dsp::DistortionParams a{0.1, 1.5, 0.2, 2.0, 0.3, 0.5, 0.05, 0.8};
  const lava::dsp::DistortionParams b{0, 4.0, -0.5, 3.0, 0, 0.4, 0, 0.3};
  for (std::int64_t target : lava::dsp::simd_targets()) {
    SCOPED_TRACE(lava::dsp::simd_target_name(target));
    lava::dsp::ScopedSimdTarget scoped(target);
    lava::dsp::Distortion k;
    k.set_params(a);
    k.reset();
    k.set_params(b);
    auto got = x;
    k.process(got);
    std::vector<double> want(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double t = double(i + 1) / double(x.size());
      want[i] = (1 - t) * distortion_reference(a, x[i]) + t * distortion_reference(b, x[i]);
    }
    expect_close(got, want);
  }
}

TEST(Kernels, ChannelMix) {
  const auto x = test_signal();
  lava::dsp::ChannelMix k;
  k.set_params(0.6, 0.3, 0.9, 0.2);
  k.reset();
  auto got = in_blocks(x, [&](std::span<float> s) { k.process(s); });
  std::vector<double> want(x.size());
  for (std::size_t f = 0; f < x.size() / 2; ++f) {
    const double l = x[2 * f], r = x[2 * f + 1];
    want[2 * f] = std::clamp(0.6 * l + 0.9 * r, -1.0, 1.0);
    want[2 * f + 1] = std::clamp(0.3 * l + 0.2 * r, -1.0, 1.0);
  }
  expect_close(got, want);
}

TEST(Kernels, LowPass) {
  const auto x = test_signal();
  lava::dsp::LowPass k;
  k.configure(2);
  k.set_smoothing(7.5);
  auto got = in_blocks(x, [&](std::span<float> s) { k.process(s); });
  std::vector<double> want(x.size());
  double v[2] = {x[0], x[1]};
  for (std::size_t i = 0; i < x.size(); ++i) {
    v[i % 2] += (x[i] - v[i % 2]) / 7.5;
    want[i] = v[i % 2];
  }
  expect_close(got, want);
}

TEST(Kernels, Karaoke) {
  const auto x = test_signal();
  lava::dsp::Karaoke k;
  k.configure(kRate);
  k.set_params({0.9, 0.7, 300, 120});
  k.reset();
  auto got = in_blocks(x, [&](std::span<float> s) { k.process(s); });
  // audiokaraoke and lavadsp keep the coefficients and the resonator state in float.
  const float C = float(std::exp(-2 * M_PI * 120 / kRate));
  const float B = float(-4.0 * C / (1 + C) * std::cos(2 * M_PI * 300 / kRate));
  const float A = float(std::sqrt(1 - double(B) * B / (4.0 * C)) * (1 - C));
  float y1 = 0, y2 = 0;
  std::vector<double> want(x.size());
  for (std::size_t f = 0; f < x.size() / 2; ++f) {
    const double l = x[2 * f], r = x[2 * f + 1];
    const double y = A * (l + r) / 2 - B * double(y1) - C * double(y2);
    y2 = y1;
    y1 = float(y);
    want[2 * f] = l - r * 0.9 + y * 0.7 * 0.9;
    want[2 * f + 1] = r - l * 0.9 + y * 0.7 * 0.9;
  }
  expect_close(got, want);
}

// Reference: delay line read with a fractional delay by 4-point Hermite interpolation.
TEST(Kernels, Vibrato) {
  const auto x = test_signal();
  lava::dsp::Vibrato k;
  k.configure(kRate, 2);
  k.set_params(5.0, 0.6);
  k.reset();
  auto got = in_blocks(x, [&](std::span<float> s) { k.process(s); });
  const std::size_t frames = x.size() / 2;
  auto in = [&](long f, int c) { return f < 0 ? 0.0 : double(x[std::size_t(f) * 2 + c]); };
  std::vector<double> want(x.size());
  for (std::size_t f = 0; f < frames; ++f) {
    double phase = std::fmod(2 * M_PI * 5.0 * double(f) / kRate, 2 * M_PI);
    const double delay = (std::sin(phase) + 1) / 2 * 0.6 * 96 + 3;
    // Output n is the input interpolated at time n - delay (input n itself is written after).
    const double pos = double(f) - delay;
    const long i = long(std::floor(pos));
    const double t = pos - double(i);
    for (int c = 0; c < 2; ++c) {
      const double y0 = in(i - 1, c), y1 = in(i, c), y2 = in(i + 1, c), y3 = in(i + 2, c);
      const double c1 = (y2 - y0) / 2, c2 = y0 - 2.5 * y1 + 2 * y2 - y3 / 2,
                   c3 = (y3 - y0) / 2 + 1.5 * (y1 - y2);
      want[2 * f + c] = ((c3 * t + c2) * t + c1) * t + y1;
    }
  }
  expect_close(got, want);
}

TEST(Kernels, LavalinkVolumeCurve) {
  EXPECT_DOUBLE_EQ(lava::dsp::lavalink_volume_gain(1.0), 1.0);
  EXPECT_DOUBLE_EQ(lava::dsp::lavalink_volume_gain(1.015), 1.0);
  EXPECT_NEAR(lava::dsp::lavalink_volume_gain(0.5), std::tan(0.395), 1e-12);
  EXPECT_NEAR(lava::dsp::lavalink_volume_gain(2.0), 24612.0 * 200 / 150 / 10000, 1e-12);
  EXPECT_DOUBLE_EQ(lava::dsp::lavalink_volume_gain(0.0), 0.0);
}

}  // namespace
