#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "analysis/dsp/spectrum_core.h"

namespace {

using namespace lava::dsp;

TEST(BandEdges, CoverEveryBinOnceWithNonEmptyBands) {
  for (BandScale scale : {BandScale::kLinear, BandScale::kLog})
    for (std::size_t bins : {33u, 513u, 8193u})
      for (std::size_t bands : {1u, 2u, 24u, 100u, 513u, 9000u}) {
        const std::vector<std::size_t> e = band_edges(bins, bands, scale);
        ASSERT_EQ(e.front(), 0u);
        ASSERT_EQ(e.back(), bins);
        ASSERT_EQ(e.size(), std::min(bands, bins) + 1);
        for (std::size_t b = 1; b < e.size(); ++b)
          ASSERT_LT(e[b - 1], e[b]) << bins << " " << bands;
      }
}

TEST(BandEdges, LogBandsWidenWithFrequency) {
  const std::vector<std::size_t> e = band_edges(513, 16, BandScale::kLog);
  EXPECT_LT(e[2] - e[1], e[15] - e[14]);
}

TEST(SpectrumCore, IntervalShorterThanHopStillReports) {
  SpectrumCore core;
  SpectrumSettings s;
  s.fft_size = 256;
  core.configure(s, 1, SampleFormat::kF32);
  std::vector<float> x(100);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.3 * i);
  core.push(x.data(), x.size());
  std::vector<float> out(core.width());
  core.finish_interval(out);
  EXPECT_GT(*std::max_element(out.begin(), out.end()), -40.0f);
}

TEST(SpectrumCore, S16FullScaleSineReadsZeroDb) {
  SpectrumCore core;
  SpectrumSettings s;
  s.fft_size = 512;
  s.window = WindowType::kBlackmanHarris;
  core.configure(s, 2, SampleFormat::kS16);
  std::vector<std::int16_t> x(2 * 4096);
  for (std::size_t f = 0; f < 4096; ++f)
    x[2 * f] = x[2 * f + 1] =
        static_cast<std::int16_t>(32767 * std::sin(2 * M_PI * 32 * f / 512.0));
  core.push(x.data(), 4096);
  std::vector<float> out(core.width());
  core.finish_interval(out);
  EXPECT_NEAR(out[32], 0.0, 0.01);
}

}  // namespace
