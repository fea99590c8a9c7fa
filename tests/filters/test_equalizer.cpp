#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <vector>

#include "analysis/dsp/simd_targets.h"
#include "audio_helpers.h"
#include "filters/dsp/equalizer.h"

using lava::dsp::design_equalizer_band;
using lava::dsp::kEqualizerBandCount;
using lava::dsp::kEqualizerCentresHz;

namespace {

// lavaplayer's hard-coded 48 kHz table (filter/equalizer/Equalizer.java): beta, alpha, gamma.
constexpr double kLavaplayer48k[kEqualizerBandCount][3] = {
    {9.9847546664e-01, 7.6226668143e-04, 1.9984647656e+00},
    {9.9756184654e-01, 1.2190767289e-03, 1.9975344645e+00},
    {9.9616261379e-01, 1.9186931041e-03, 1.9960947369e+00},
    {9.9391578543e-01, 3.0421072865e-03, 1.9937449618e+00},
    {9.9028307215e-01, 4.8584639242e-03, 1.9898465702e+00},
    {9.8485897264e-01, 7.5705136795e-03, 1.9837962543e+00},
    {9.7588512657e-01, 1.2057436715e-02, 1.9731772447e+00},
    {9.6228521814e-01, 1.8857390928e-02, 1.9556164694e+00},
    {9.4080933132e-01, 2.9595334338e-02, 1.9242054384e+00},
    {9.0702059196e-01, 4.6489704022e-02, 1.8653476166e+00},
    {8.5868004289e-01, 7.0659978553e-02, 1.7600401337e+00},
    {7.8409610788e-01, 1.0795194606e-01, 1.5450725522e+00},
    {6.8332861002e-01, 1.5833569499e-01, 1.1426447155e+00},
    {5.5267518228e-01, 2.2366240886e-01, 4.0186190803e-01},
    {4.1811888447e-01, 2.9094055777e-01, -7.0905944223e-01}};

TEST(Equalizer, DesignReproducesLavaplayers48kTable) {
  for (int b = 0; b < kEqualizerBandCount; ++b) {
    const auto k = design_equalizer_band(kEqualizerCentresHz[b], 48000);
    EXPECT_NEAR(k.beta, kLavaplayer48k[b][0], 1e-8) << b;
    EXPECT_NEAR(k.alpha, kLavaplayer48k[b][1], 1e-8) << b;
    EXPECT_NEAR(k.gamma, kLavaplayer48k[b][2], 1e-8) << b;
  }
}

// Design response of the whole equalizer: 4 * (0.25 + sum g_i H_i(e^jw)).
double design_gain_db(const std::array<float, kEqualizerBandCount>& gains, double hz, double rate) {
  const std::complex<double> z1 = std::polar(1.0, -2 * M_PI * hz / rate);
  std::complex<double> sum = 0.25;
  for (int b = 0; b < kEqualizerBandCount; ++b) {
    const auto k = design_equalizer_band(kEqualizerCentresHz[b], rate);
    const auto h = k.alpha * (1.0 - z1 * z1) / (1.0 - k.gamma * z1 + k.beta * z1 * z1);
    sum += double(gains[b]) * h;
  }
  return 20 * std::log10(std::abs(4.0 * sum));
}

double measured_gain_db(const std::array<float, kEqualizerBandCount>& gains, double hz, int rate) {
  lava::dsp::Equalizer eq;
  eq.configure(rate, 1);
  eq.set_gains(gains);
  eq.reset();
  const std::size_t settle = static_cast<std::size_t>(rate) * 2;  // the 25 Hz band rings long
  const std::size_t frames = settle + static_cast<std::size_t>(rate);
  auto x = lava::test::sine(frames, hz, 1, rate, 0, 0.1);
  const auto in = x;
  eq.process(x);
  double p_in = 0, p_out = 0;
  for (std::size_t i = settle; i < frames; ++i) {
    p_in += double(in[i]) * in[i];
    p_out += double(x[i]) * x[i];
  }
  return 10 * std::log10(p_out / p_in);
}

class EqualizerResponse : public ::testing::TestWithParam<int> {};

TEST_P(EqualizerResponse, BandCentresWithinATenthOfADecibelOfTheDesign) {
  const int rate = GetParam();
  const std::array<std::array<float, kEqualizerBandCount>, 3> settings = {{
      {0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f,
       0.25f, 0.25f},
      {0.6f, 0.3f, 0.1f, 0, 0, -0.1f, -0.2f, 0, 0.2f, 0.4f, 0, -0.25f, 0, 0.3f, 0.5f},
      {-0.25f, -0.25f, -0.25f, -0.25f, -0.25f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f,
       0.2f},
  }};
  for (const auto& gains : settings)
    for (int b = 0; b < kEqualizerBandCount; ++b) {
      const double hz = kEqualizerCentresHz[b];
      if (hz >= rate / 2.0) continue;
      EXPECT_NEAR(measured_gain_db(gains, hz, rate), design_gain_db(gains, hz, rate), 0.1)
          << "band " << b << " at " << rate << " Hz";
    }
}

INSTANTIATE_TEST_SUITE_P(Rates, EqualizerResponse, ::testing::Values(44100, 48000));

// Every SIMD path (the portable scalar one first) against the double recursion, including a
// gain change ramping across the second block; and each path against the scalar one.
TEST(Equalizer, EverySimdPathMatchesDoubleReference) {
  auto x = lava::test::sine(9600, 180, 2, 48000, 0, 0.2);
  const auto y = lava::test::sine(9600, 5000, 2, 48000, 0, 0.1);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += y[i];
  const std::array<float, kEqualizerBandCount> gains = {0.3f, 0,      0.1f, -0.2f, 0.5f, 0, 0.2f, 0,
                                                        0,    -0.25f, 0.1f, 0,     0.4f, 0, 0.2f};
  std::array<float, kEqualizerBandCount> later = gains;
  later[0] = -0.1f;
  later[9] = 0.6f;
  later[14] = 1.0f;
  const std::size_t split = 4000, ramp_end = 7001;
  const auto in = x;
  double xh[2][2] = {}, yh[2][kEqualizerBandCount][2] = {};
  std::vector<double> want(in.size());
  for (std::size_t f = 0; f < in.size() / 2; ++f)
    for (int c = 0; c < 2; ++c) {
      const double v = in[2 * f + c];
      double out = 0.25 * v;
      // The second block ramps linearly from `gains` to `later`, reached at its last frame.
      const double t = f < split      ? 0
                       : f < ramp_end ? double(f - split + 1) / double(ramp_end - split)
                                      : 1;
      for (int b = 0; b < kEqualizerBandCount; ++b) {
        const auto k = design_equalizer_band(kEqualizerCentresHz[b], 48000);
        const double r = k.alpha * (v - xh[c][1]) + k.gamma * yh[c][b][0] - k.beta * yh[c][b][1];
        yh[c][b][1] = yh[c][b][0];
        yh[c][b][0] = r;
        out += (gains[b] + t * (double(later[b]) - gains[b])) * r;
      }
      xh[c][1] = xh[c][0];
      xh[c][0] = v;
      want[2 * f + c] = std::clamp(4 * out, -1.0, 1.0);
    }
  std::vector<float> scalar;
  for (std::int64_t target : lava::dsp::simd_targets()) {
    SCOPED_TRACE(lava::dsp::simd_target_name(target));
    lava::dsp::ScopedSimdTarget scoped(target);
    auto got = in;
    lava::dsp::Equalizer eq;
    eq.configure(48000, 2);
    eq.set_gains(gains);
    eq.reset();
    eq.process(std::span<float>(got).first(2 * split));
    eq.set_gains(later);
    eq.process(std::span<float>(got).subspan(2 * split, 2 * (ramp_end - split)));
    eq.process(std::span<float>(got).subspan(2 * ramp_end));
    double worst = 0;
    for (std::size_t i = 0; i < got.size(); ++i)
      worst = std::max(worst, std::abs(got[i] - want[i]));
    EXPECT_LE(worst, 1e-5);
    if (scalar.empty()) scalar = got;
    for (std::size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], scalar[i], 1e-6) << i;
  }
}

TEST(Equalizer, AllZeroGainsIsIdentity) {
  auto x = lava::test::sine(4800, 440, 2);
  const auto in = x;
  lava::dsp::Equalizer eq;
  eq.configure(48000, 2);
  eq.process(x);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], in[i], 1e-7);
}

}  // namespace
