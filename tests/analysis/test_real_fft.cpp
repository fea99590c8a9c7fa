#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <string>
#include <vector>

#include "analysis/dsp/real_fft.h"
#include "analysis/dsp/simd_targets.h"

namespace {

using lava::dsp::RealFft;

std::vector<std::complex<double>> naive_dft(const std::vector<float>& x) {
  const std::size_t n = x.size();
  std::vector<std::complex<double>> unit(n);
  for (std::size_t t = 0; t < n; ++t) unit[t] = std::polar(1.0, -2.0 * M_PI * double(t) / n);
  std::vector<std::complex<double>> out(n / 2 + 1);
  for (std::size_t k = 0; k <= n / 2; ++k) {
    std::complex<double> acc = 0;
    std::size_t idx = 0;
    for (std::size_t t = 0; t < n; ++t, idx = (idx + k) & (n - 1)) acc += double(x[t]) * unit[idx];
    out[k] = acc;
  }
  return out;
}

std::vector<float> noise(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1, 1);
  std::vector<float> x(n);
  for (float& v : x) v = d(rng);
  return x;
}

TEST(RealFft, EverySizeAndPathMatchesNaiveDoubleDft) {
  std::string paths;
  for (std::int64_t target : lava::dsp::simd_targets())
    paths += lava::dsp::simd_target_name(target) + " ";
  RecordProperty("simd_paths", paths);
  ASSERT_GE(lava::dsp::simd_targets().size(), 1u);
  for (std::size_t n = RealFft::kMinSize; n <= RealFft::kMaxSize; n *= 2) {
    const std::vector<float> x = noise(n, unsigned(n));
    const auto reference = naive_dft(x);
    double ref_norm = 0;
    for (const auto& c : reference) ref_norm += std::norm(c);
    for (std::int64_t target : lava::dsp::simd_targets()) {
      lava::dsp::ScopedSimdTarget scoped(target);
      RealFft fft(n);
      std::vector<float> re(fft.bins()), im(fft.bins());
      fft.forward(x, {}, re, im);
      double err = 0, worst = 0;
      for (std::size_t k = 0; k < fft.bins(); ++k) {
        const double e = std::norm(std::complex<double>(re[k], im[k]) - reference[k]);
        err += e;
        worst = std::max(worst, std::sqrt(e));
      }
      const double rel = std::sqrt(err / ref_norm);
      EXPECT_LE(rel, 1e-5) << "n=" << n << " " << lava::dsp::simd_target_name(target);
      // Per bin, against the typical bin magnitude (√n for unit-variance noise).
      EXPECT_LE(worst / std::sqrt(ref_norm / reference.size()), 1e-5)
          << "n=" << n << " " << lava::dsp::simd_target_name(target);
    }
  }
}

TEST(RealFft, ParsevalHolds) {
  for (std::size_t n : {64u, 1024u, 16384u}) {
    const std::vector<float> x = noise(n, 99);
    RealFft fft(n);
    std::vector<float> re(fft.bins()), im(fft.bins());
    fft.forward(x, {}, re, im);
    double time_energy = 0, freq_energy = 0;
    for (float v : x) time_energy += double(v) * v;
    for (std::size_t k = 0; k < fft.bins(); ++k) {
      const double e = double(re[k]) * re[k] + double(im[k]) * im[k];
      freq_energy += (k == 0 || k == n / 2) ? e : 2 * e;  // the other half mirrors these bins
    }
    EXPECT_NEAR(freq_energy / n, time_energy, 1e-5 * time_energy) << n;
  }
}

TEST(RealFft, WindowMultipliesTheInputOnEveryPath) {
  const std::size_t n = 256;
  const std::vector<float> x = noise(n, 4), w = noise(n, 5);
  std::vector<float> xw(n);
  for (std::size_t i = 0; i < n; ++i) xw[i] = x[i] * w[i];
  for (std::int64_t target : lava::dsp::simd_targets()) {
    lava::dsp::ScopedSimdTarget scoped(target);
    RealFft fft(n);
    std::vector<float> re1(fft.bins()), im1(fft.bins()), re2(fft.bins()), im2(fft.bins());
    fft.forward(x, w, re1, im1);
    fft.forward(xw, {}, re2, im2);
    EXPECT_EQ(re1, re2) << lava::dsp::simd_target_name(target);
    EXPECT_EQ(im1, im2) << lava::dsp::simd_target_name(target);
  }
}

TEST(RealFft, PowerAndDbKernelsMatchScalar) {
  const std::vector<float> re = noise(1001, 1), im = noise(1001, 2);
  std::vector<float> acc_ref(1001, 0.5f), db_ref(1001);
  {
    lava::dsp::ScopedSimdTarget scalar(lava::dsp::scalar_simd_target());
    lava::dsp::accumulate_power(re, im, acc_ref);
    lava::dsp::power_to_db(acc_ref, 0.25f, -60.0f, db_ref);
  }
  for (std::size_t k = 0; k < re.size(); ++k) {
    const double p = 0.5 + double(re[k]) * re[k] + double(im[k]) * im[k];
    ASSERT_NEAR(acc_ref[k], p, 1e-6);
    ASSERT_NEAR(db_ref[k], std::max(10 * std::log10(0.25 * p), -60.0), 1e-4);
  }
  for (std::int64_t target : lava::dsp::simd_targets()) {
    lava::dsp::ScopedSimdTarget scoped(target);
    std::vector<float> acc(1001, 0.5f), db(1001);
    lava::dsp::accumulate_power(re, im, acc);
    lava::dsp::power_to_db(acc, 0.25f, -60.0f, db);
    for (std::size_t k = 0; k < re.size(); ++k) {
      ASSERT_NEAR(acc[k], acc_ref[k], 1e-6) << lava::dsp::simd_target_name(target);
      ASSERT_NEAR(db[k], db_ref[k], 1e-4) << lava::dsp::simd_target_name(target);
    }
  }
}

}  // namespace
