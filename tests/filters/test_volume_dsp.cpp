#include <gtest/gtest.h>

#include <vector>

#include "filters/dsp/volume.h"

TEST(VolumeDsp, ConstantGainMatchesDoubleReference) {
  std::vector<float> s = {0.1f, -0.2f, 0.3f, -0.4f, 1.0f, -1.0f};
  std::vector<double> ref(s.begin(), s.end());
  lava::dsp::apply_gain_ramp(s, 2, 0.8f, 0.8f);
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_NEAR(s[i], ref[i] * 0.8, 1e-7);
}

TEST(VolumeDsp, RampEndsExactlyAtTarget) {
  std::vector<float> s(8, 1.0f);  // 4 stereo frames
  lava::dsp::apply_gain_ramp(s, 2, 0.0f, 1.0f);
  const std::vector<float> expected = {0.25f, 0.25f, 0.5f, 0.5f, 0.75f, 0.75f, 1.0f, 1.0f};
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_FLOAT_EQ(s[i], expected[i]);
}

TEST(VolumeDsp, ZeroChannelsIsANoOp) {
  std::vector<float> s = {0.5f};
  lava::dsp::apply_gain_ramp(s, 0, 0.0f, 0.0f);
  EXPECT_EQ(s[0], 0.5f);
}
