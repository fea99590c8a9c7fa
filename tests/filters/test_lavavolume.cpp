#include <gst/audio/audio.h>
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "audio_helpers.h"
#include "buffer_map.h"
#include "filters/dsp/volume.h"

namespace {

using lava::test::f32_buffer;
using lava::test::floats;
using lava::test::sine;
constexpr int kChannels = 2;

class LavaVolume : public ::testing::Test {
 protected:
  void SetUp() override {
    h = gst_harness_new("lavavolume");
    gst_harness_set_src_caps_str(
        h, "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved");
  }
  void TearDown() override { gst_harness_teardown(h); }
  GstHarness* h = nullptr;
};

TEST_F(LavaVolume, ScalesByLavalinksCurveAgainstDoubleReference) {
  g_object_set(h->element, "volume", 0.37, nullptr);
  auto in = sine(960, 440);
  gst_buffer_unref(gst_harness_push_and_pull(h, f32_buffer(in)));  // this one ramps from 1.0
  auto in2 = sine(960, 440, kChannels, 48000, 960);
  GstBuffer* out = gst_harness_push_and_pull(h, f32_buffer(in2));
  ASSERT_NE(out, nullptr);
  auto got = floats(out);
  gst_buffer_unref(out);
  ASSERT_EQ(got.size(), in2.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], in2[i] * std::tan(0.37 * 0.79), 1e-6) << i;
}

TEST_F(LavaVolume, RampsLinearlyOverOneBufferWithoutClick) {
  auto first = sine(960, 440);
  GstBuffer* out = gst_harness_push_and_pull(h, f32_buffer(first));
  gst_buffer_unref(out);

  g_object_set(h->element, "volume", 1.5, nullptr);
  auto in = sine(960, 440, kChannels, 48000, 960, 0.2);
  out = gst_harness_push_and_pull(h, f32_buffer(in));
  auto got = floats(out);
  gst_buffer_unref(out);
  const std::size_t frames = in.size() / kChannels;
  double max_step = 0;
  for (std::size_t f = 0; f < frames; ++f) {
    const double target = lava::dsp::lavalink_volume_gain(1.5);
    const double gain = 1.0 + (target - 1.0) * double(f + 1) / double(frames);
    for (int c = 0; c < kChannels; ++c) {
      const std::size_t i = f * kChannels + c;
      EXPECT_NEAR(got[i], in[i] * gain, 1e-5) << i;
      if (f > 0) max_step = std::max(max_step, double(std::abs(got[i] - got[i - kChannels])));
    }
  }
  // A sine of amplitude 0.2 at 440 Hz moves at most 0.0115 per sample at 48 kHz; scaled by the
  // final gain (2.46) that is 0.029. A jump to 2.46x without a ramp would be ~0.3.
  EXPECT_LT(max_step, 0.035);
}

TEST_F(LavaVolume, NeutralVolumeIsPassthrough) {
  auto in = sine(480, 1000);
  GstBuffer* buf = f32_buffer(in);
  GstBuffer* out = gst_harness_push_and_pull(h, buf);
  EXPECT_TRUE(gst_base_transform_is_passthrough(GST_BASE_TRANSFORM(h->element)));
  auto got = floats(out);
  gst_buffer_unref(out);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], static_cast<float>(in[i]));
}

TEST(LavaVolumeS16, SaturatesAndScales) {
  GstHarness* h = gst_harness_new("lavavolume");
  gst_harness_set_src_caps_str(
      h, "audio/x-raw, format=S16LE, rate=44100, channels=1, layout=interleaved");
  g_object_set(h->element, "volume", 5.0, nullptr);  // gain 8.2
  std::vector<gint16> warm(64, 100);
  GstBuffer* b = gst_buffer_new_memdup(warm.data(), warm.size() * 2);
  gst_buffer_unref(gst_harness_push_and_pull(h, b));
  std::vector<gint16> in = {0, 100, -100, 10000, -10000, 32767, -32768, 6553};
  b = gst_buffer_new_memdup(in.data(), in.size() * 2);
  GstBuffer* out = gst_harness_push_and_pull(h, b);
  lava::BufferMap map(out, GST_MAP_READ);
  auto got = map.as<gint16>();
  const std::vector<gint16> expected = {0, 820, -820, 32767, -32768, 32767, -32768, 32767};
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << i;
  gst_buffer_unref(out);
  gst_harness_teardown(h);
}

TEST(LavaVolumeProperty, RejectsOutOfRangeAndDocumentsItself) {
  GstElement* e = gst_element_factory_make("lavavolume", nullptr);
  ASSERT_NE(e, nullptr);
  GParamSpec* spec = g_object_class_find_property(G_OBJECT_GET_CLASS(e), "volume");
  ASSERT_NE(spec, nullptr);
  EXPECT_STRNE(g_param_spec_get_blurb(spec), "");
  EXPECT_DOUBLE_EQ(G_PARAM_SPEC_DOUBLE(spec)->maximum, 5.0);
  EXPECT_DOUBLE_EQ(G_PARAM_SPEC_DOUBLE(spec)->minimum, 0.0);
  GstElementFactory* f = gst_element_get_factory(e);
  EXPECT_STREQ(gst_element_factory_get_klass(f), "Filter/Effect/Audio");
  gst_object_unref(e);
}

}  // namespace
