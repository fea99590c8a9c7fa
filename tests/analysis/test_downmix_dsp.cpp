#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "analysis/dsp/simd_targets.h"
#include "fusion/dsp/downmix.h"

namespace {

using lava::dsp::SampleFormat;

template <typename T>
std::vector<T> random_samples(std::size_t n, std::mt19937& rng) {
  std::vector<T> v(n);
  if constexpr (std::is_floating_point_v<T>) {
    std::uniform_real_distribution<T> d(-1, 1);
    for (T& x : v) x = d(rng);
  } else {
    std::uniform_int_distribution<std::int64_t> d(std::numeric_limits<T>::min(),
                                                  std::numeric_limits<T>::max());
    for (T& x : v) x = static_cast<T>(d(rng));
  }
  return v;
}

template <typename T>
void check_format(SampleFormat format, double full_scale) {
  std::mt19937 rng(11);
  for (unsigned channels : {1u, 2u, 3u, 6u}) {
    const std::size_t frames = 1000 + channels;  // not a multiple of any vector width
    const std::vector<T> in = random_samples<T>(frames * channels, rng);
    std::vector<float> weights(channels);
    for (unsigned c = 0; c < channels; ++c) weights[c] = float((c + 1) / (channels * full_scale));
    std::vector<float> reference(frames);
    lava::dsp::downmix_to_mono_reference(in.data(), format, weights, reference);
    for (std::int64_t target : lava::dsp::simd_targets()) {
      lava::dsp::ScopedSimdTarget scoped(target);
      std::vector<float> out(frames);
      lava::dsp::downmix_to_mono(in.data(), format, weights, out);
      for (std::size_t i = 0; i < frames; ++i)
        ASSERT_NEAR(out[i], reference[i], 2e-6)
            << lava::dsp::simd_target_name(target) << " channels " << channels << " frame " << i;
    }
  }
}

TEST(Downmix, S16MatchesDoubleReferenceOnEveryPath) {
  check_format<std::int16_t>(SampleFormat::kS16, 32768.0);
}
TEST(Downmix, S32MatchesDoubleReferenceOnEveryPath) {
  check_format<std::int32_t>(SampleFormat::kS32, 2147483648.0);
}
TEST(Downmix, F32MatchesDoubleReferenceOnEveryPath) {
  check_format<float>(SampleFormat::kF32, 1.0);
}

TEST(Downmix, StereoS16SignsAndChannelsStayApart) {
  const std::vector<std::int16_t> in = {-32768, 32767, 1, -1, -2, 300, 0,   -32768,
                                        5,      -5,    7, 9,  -9, -7,  100, 200};
  const std::vector<float> left_only = {1.0f, 0.0f};
  std::vector<float> out(in.size() / 2);
  lava::dsp::downmix_to_mono(in.data(), SampleFormat::kS16, left_only, out);
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], float(in[2 * i]));
  const std::vector<float> right_only = {0.0f, 1.0f};
  lava::dsp::downmix_to_mono(in.data(), SampleFormat::kS16, right_only, out);
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], float(in[2 * i + 1]));
}

}  // namespace
