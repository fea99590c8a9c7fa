#include <gst/audio/audio.h>
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "buffer_map.h"
#include "fusion/resamplenormmono.h"

namespace {

GstBuffer* s16_stereo(std::size_t frames, std::size_t offset, double rate) {
  GstBuffer* buf = gst_buffer_new_allocate(nullptr, frames * 2 * sizeof(std::int16_t), nullptr);
  lava::BufferMap map(buf, GST_MAP_WRITE);
  auto out = map.as<std::int16_t>();
  for (std::size_t f = 0; f < frames; ++f) {
    const double t = double(f + offset) / rate;
    out[2 * f] = static_cast<std::int16_t>(16000 * std::sin(2 * M_PI * 1000 * t));
    out[2 * f + 1] = static_cast<std::int16_t>(-8000 * std::sin(2 * M_PI * 1000 * t));
  }
  return buf;
}

struct Pulled {
  std::vector<GstBuffer*> buffers;
  std::size_t samples = 0;
  ~Pulled() {
    for (GstBuffer* b : buffers) gst_buffer_unref(b);
  }
};

void pull_all(GstHarness* h, Pulled& into) {
  while (GstBuffer* b = gst_harness_try_pull(h)) {
    into.samples += gst_buffer_get_size(b) / sizeof(float);
    into.buffers.push_back(b);
  }
}

class ResampleNormMono : public ::testing::Test {
 protected:
  void SetUp() override { h = gst_harness_new("resamplenormmono"); }
  void TearDown() override { gst_harness_teardown(h); }
  void negotiate(const char* format, int in_rate, int channels, int out_rate) {
    gchar* in = g_strdup_printf("audio/x-raw, format=%s, rate=%d, channels=%d, layout=interleaved",
                                format, in_rate, channels);
    gchar* out = g_strdup_printf(
        "audio/x-raw, format=F32LE, rate=%d, channels=1, layout=interleaved", out_rate);
    gst_harness_set_src_caps_str(h, in);
    gst_harness_set_sink_caps_str(h, out);
    g_free(in);
    g_free(out);
  }
  GstHarness* h = nullptr;
};

// Buffers from 1 sample to 1 s: output timestamps are continuous and drain gives the exact
// total ceil(N·out/in).
TEST_F(ResampleNormMono, TimestampsContinuousAndDrainExactForArbitraryBufferSizes) {
  negotiate("S16LE", 48000, 2, 16000);
  std::mt19937 rng(1);
  std::uniform_int_distribution<std::size_t> size(1, 48000);
  const std::vector<std::size_t> fixed = {1, 1, 2, 3, 48000, 7, 160, 960};
  Pulled pulled;
  std::size_t total = 0;
  for (int i = 0; i < 40; ++i) {
    const std::size_t n = i < int(fixed.size()) ? fixed[i] : size(rng);
    GstBuffer* buf = s16_stereo(n, total, 48000);
    GST_BUFFER_PTS(buf) = gst_util_uint64_scale_int(total, GST_SECOND, 48000);
    GST_BUFFER_DURATION(buf) = gst_util_uint64_scale_int(n, GST_SECOND, 48000);
    total += n;
    ASSERT_EQ(gst_harness_push(h, buf), GST_FLOW_OK);
    pull_all(h, pulled);
  }
  ASSERT_TRUE(gst_harness_push_event(h, gst_event_new_eos()));
  pull_all(h, pulled);
  EXPECT_EQ(pulled.samples, (total * 16000 + 47999) / 48000);
  GstClockTime expected = 0;
  guint64 offset = 0;
  for (GstBuffer* b : pulled.buffers) {
    EXPECT_EQ(GST_BUFFER_PTS(b), expected);
    EXPECT_EQ(GST_BUFFER_OFFSET(b), offset);
    offset = GST_BUFFER_OFFSET_END(b);
    expected = GST_BUFFER_PTS(b) + GST_BUFFER_DURATION(b);
    EXPECT_EQ(expected, gst_util_uint64_scale_int(offset, GST_SECOND, 16000));
  }
}

TEST_F(ResampleNormMono, StartsAtTheFirstInputTimestamp) {
  negotiate("S16LE", 16000, 2, 48000);
  GstBuffer* buf = s16_stereo(1600, 0, 16000);
  GST_BUFFER_PTS(buf) = 5 * GST_SECOND;
  ASSERT_EQ(gst_harness_push(h, buf), GST_FLOW_OK);
  GstBuffer* out = gst_harness_pull(h);
  EXPECT_EQ(GST_BUFFER_PTS(out), 5 * GST_SECOND);
  gst_buffer_unref(out);
}

// Weighted downmix: <1,0> keeps only the left channel, whose level we know.
TEST_F(ResampleNormMono, ChannelWeightsSelectAChannel) {
  GValue weights = G_VALUE_INIT;
  gst_value_array_init(&weights, 2);
  for (float w : {1.0f, 0.0f}) {
    GValue v = G_VALUE_INIT;
    g_value_init(&v, G_TYPE_FLOAT);
    g_value_set_float(&v, w);
    gst_value_array_append_and_take_value(&weights, &v);
  }
  g_object_set_property(G_OBJECT(h->element), "channel-weights", &weights);
  g_value_unset(&weights);
  negotiate("S16LE", 48000, 2, 48000);
  ASSERT_EQ(gst_harness_push(h, s16_stereo(48000, 0, 48000)), GST_FLOW_OK);
  GstBuffer* out = gst_harness_pull(h);
  float peak = 0;
  {
    lava::BufferMap map(out, GST_MAP_READ);
    for (float v : map.as<float>()) peak = std::max(peak, std::fabs(v));
  }
  EXPECT_NEAR(peak, 16000.0 / 32768.0, 1e-3);
  gst_buffer_unref(out);
}

TEST_F(ResampleNormMono, NormalizesToTargetThroughTheElement) {
  gst_util_set_object_arg(G_OBJECT(h->element), "mode", "rms");
  g_object_set(h->element, "target-db", -20.0, nullptr);
  negotiate("S16LE", 48000, 2, 16000);
  Pulled pulled;
  for (int i = 0; i < 30; ++i) {
    ASSERT_EQ(gst_harness_push(h, s16_stereo(4800, i * 4800, 48000)), GST_FLOW_OK);
    pull_all(h, pulled);
  }
  lava::BufferMap map(pulled.buffers.back(), GST_MAP_READ);
  double sum = 0;
  for (float v : map.as<float>()) sum += double(v) * v;
  EXPECT_NEAR(10 * std::log10(sum / map.as<float>().size()), -20.0, 0.5);
}

TEST_F(ResampleNormMono, AcceptsS32AndF32) {
  for (const char* format : {"S32LE", "F32LE"}) {
    GstHarness* other = gst_harness_new("resamplenormmono");
    gchar* caps = g_strdup_printf(
        "audio/x-raw, format=%s, rate=44100, channels=3, layout=interleaved", format);
    gst_harness_set_src_caps_str(other, caps);
    g_free(caps);
    gst_harness_set_sink_caps_str(
        other, "audio/x-raw, format=F32LE, rate=16000, channels=1, layout=interleaved");
    GstBuffer* in = gst_buffer_new_allocate(nullptr, 4410 * 3 * 4, nullptr);
    gst_buffer_memset(in, 0, 0, 4410 * 3 * 4);
    ASSERT_EQ(gst_harness_push(other, in), GST_FLOW_OK) << format;
    ASSERT_TRUE(gst_harness_push_event(other, gst_event_new_eos()));
    Pulled pulled;
    pull_all(other, pulled);
    EXPECT_EQ(pulled.samples, 1600u) << format;
    gst_harness_teardown(other);
  }
}

TEST_F(ResampleNormMono, PartialFrameIsAStreamError) {
  negotiate("S16LE", 48000, 2, 16000);
  GstBuffer* odd = gst_buffer_new_allocate(nullptr, 6, nullptr);
  gst_buffer_memset(odd, 0, 0, 6);
  EXPECT_EQ(gst_harness_push(h, odd), GST_FLOW_ERROR);
}

TEST(ResampleNormMonoFactory, AdvertisesTheChainItReplaces) {
  GstElementFactory* factory = gst_element_factory_find("resamplenormmono");
  ASSERT_NE(factory, nullptr);
  EXPECT_STREQ(gst_element_factory_get_metadata(factory, LAVA_FUSION_METADATA_KEY),
               LAVA_RESAMPLE_NORM_MONO_FUSES);
  gst_object_unref(factory);
}

}  // namespace

namespace {

// A timestamp gap flagged DISCONT: the first stretch drains with its exact length, the second
// starts at the new timestamp.
TEST(ResampleNormMonoDiscont, GapDrainsAndRestartsTheTimeline) {
  GstHarness* h = gst_harness_new("resamplenormmono");
  gst_harness_set_src_caps_str(
      h, "audio/x-raw, format=S16LE, rate=48000, channels=2, layout=interleaved");
  gst_harness_set_sink_caps_str(
      h, "audio/x-raw, format=F32LE, rate=16000, channels=1, layout=interleaved");
  GstBuffer* first = s16_stereo(4801, 0, 48000);
  GST_BUFFER_PTS(first) = 0;
  ASSERT_EQ(gst_harness_push(h, first), GST_FLOW_OK);
  GstBuffer* later = s16_stereo(4800, 0, 48000);
  GST_BUFFER_PTS(later) = 3 * GST_SECOND;
  GST_BUFFER_FLAG_SET(later, GST_BUFFER_FLAG_DISCONT);
  ASSERT_EQ(gst_harness_push(h, later), GST_FLOW_OK);
  Pulled pulled;
  pull_all(h, pulled);
  std::size_t before_gap = 0;
  GstBuffer* after = nullptr;
  for (GstBuffer* b : pulled.buffers) {
    if (GST_BUFFER_PTS(b) < 3 * GST_SECOND)
      before_gap += gst_buffer_get_size(b) / sizeof(float);
    else if (!after)
      after = b;
  }
  EXPECT_EQ(before_gap, (4801u * 16000 + 47999) / 48000);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(GST_BUFFER_PTS(after), 3 * GST_SECOND);
  EXPECT_TRUE(GST_BUFFER_IS_DISCONT(after));
  gst_harness_teardown(h);
}

}  // namespace
