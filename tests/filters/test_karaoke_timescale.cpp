// lavakaraoke against GStreamer's audiokaraoke (same algorithm: an exact oracle), and
// lavatimescale's pitch, speed and timestamps.
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "audio_helpers.h"

using lava::test::f32_buffer;
using lava::test::floats;
using lava::test::sine;
using lava::test::zero_crossing_frequency;

namespace {

constexpr const char* kStereo48k =
    "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved, "
    "channel-mask=(bitmask)0x3";

std::vector<float> run(const char* launch, const std::vector<std::vector<float>>& buffers) {
  GstHarness* h = gst_harness_new_parse(launch);
  gst_harness_set_src_caps_str(h, kStereo48k);
  std::vector<float> out;
  for (const auto& b : buffers) {
    GstBuffer* o = gst_harness_push_and_pull(h, f32_buffer(b));
    auto v = floats(o);
    out.insert(out.end(), v.begin(), v.end());
    gst_buffer_unref(o);
  }
  gst_harness_teardown(h);
  return out;
}

TEST(Karaoke, MatchesAudiokaraoke) {
  std::vector<std::vector<float>> buffers;
  for (std::size_t i = 0; i < 20; ++i) {
    auto a = sine(960, 220, 2, 48000, i * 960, 0.3);
    auto b = sine(960, 1760, 2, 48000, i * 960, 0.2);
    for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k] * (k % 2 ? 1.0f : 0.4f);
    buffers.push_back(a);
  }
  for (const char* props : {"level=1 mono-level=1 filter-band=220 filter-width=100",
                            "level=0.6 mono-level=0.3 filter-band=400 filter-width=80"}) {
    const auto ours = run((std::string("lavakaraoke ") + props).c_str(), buffers);
    const auto oracle = run((std::string("audiokaraoke ") + props).c_str(), buffers);
    ASSERT_EQ(ours.size(), oracle.size());
    double worst = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      worst = std::max(worst, double(std::abs(ours[i] - oracle[i])));
    }
    EXPECT_LE(worst, 1e-5) << props;
  }
}

struct Stretched {
  std::vector<float> samples;
  bool contiguous = true;
  GstClockTime first_pts = GST_CLOCK_TIME_NONE;
};

// `change` is applied as "prop=value" after half of the input.
Stretched timescale(const char* props, std::size_t seconds, const char* change = nullptr) {
  GstHarness* h = gst_harness_new_parse((std::string("lavatimescale name=t ") + props).c_str());
  gst_harness_set_src_caps_str(h, kStereo48k);
  Stretched out;
  GstClockTime next = GST_CLOCK_TIME_NONE;
  auto drain = [&] {
    while (GstBuffer* b = gst_harness_try_pull(h)) {
      if (GST_CLOCK_TIME_IS_VALID(next) && GST_BUFFER_PTS(b) != next) out.contiguous = false;
      if (!GST_CLOCK_TIME_IS_VALID(out.first_pts)) out.first_pts = GST_BUFFER_PTS(b);
      next = GST_BUFFER_PTS(b) + GST_BUFFER_DURATION(b);
      auto v = floats(b);
      out.samples.insert(out.samples.end(), v.begin(), v.end());
      gst_buffer_unref(b);
    }
  };
  for (std::size_t i = 0; i < seconds * 50; ++i) {
    if (change != nullptr && i == seconds * 25) {
      const std::string c = change;
      const auto eq = c.find('=');
      GstElement* t = gst_bin_get_by_name(GST_BIN(h->element), "t");
      gst_util_set_object_arg(G_OBJECT(t), c.substr(0, eq).c_str(), c.substr(eq + 1).c_str());
      gst_object_unref(t);
    }
    GstBuffer* b = f32_buffer(sine(960, 1000, 2, 48000, i * 960, 0.5));
    GST_BUFFER_PTS(b) = i * 20 * GST_MSECOND;
    GST_BUFFER_DURATION(b) = 20 * GST_MSECOND;
    gst_harness_push(h, b);
    drain();
  }
  gst_harness_push_event(h, gst_event_new_eos());
  drain();
  gst_harness_teardown(h);
  return out;
}

// The steady middle of the output (SoundTouch's first and last splices aside).
std::vector<float> middle(const std::vector<float>& x) {
  const std::size_t cut = (x.size() / 10) & ~std::size_t(1);
  return {x.begin() + static_cast<std::ptrdiff_t>(cut), x.end() - static_cast<std::ptrdiff_t>(cut)};
}

TEST(Timescale, PitchOneAndAHalfGivesOneAndAHalfKilohertzAtTheSameDuration) {
  const auto out = timescale("pitch=1.5", 3);
  EXPECT_NEAR(zero_crossing_frequency(middle(out.samples), 2, 48000), 1500, 15);
  EXPECT_NEAR(double(out.samples.size() / 2), 3 * 48000.0, 3 * 480.0);
  EXPECT_TRUE(out.contiguous);
}

TEST(Timescale, SpeedTwoHalvesTheDurationAndKeepsOneKilohertz) {
  const auto out = timescale("speed=2.0", 4);
  EXPECT_NEAR(zero_crossing_frequency(middle(out.samples), 2, 48000), 1000, 10);
  EXPECT_NEAR(double(out.samples.size() / 2), 2 * 48000.0, 2 * 480.0);
  EXPECT_TRUE(out.contiguous);
  EXPECT_EQ(out.first_pts, 0u);
}

TEST(Timescale, RateChangesBothPitchAndDuration) {
  const auto out = timescale("rate=1.25", 4);
  EXPECT_NEAR(zero_crossing_frequency(middle(out.samples), 2, 48000), 1250, 12.5);
  EXPECT_NEAR(double(out.samples.size() / 2), 4 * 48000 / 1.25, 4 * 480 / 1.25);
}

TEST(Timescale, SpeedChangeWhilePlayingStaysContinuous) {
  const double before = lava::test::max_step(middle(timescale("speed=1.2", 2).samples), 2);
  const double after = lava::test::max_step(middle(timescale("speed=1.6", 2).samples), 2);
  const auto changed = timescale("speed=1.2", 4, "speed=1.6");
  EXPECT_TRUE(changed.contiguous);
  EXPECT_LE(lava::test::max_step(middle(changed.samples), 2), 1.1 * std::max(before, after));
  // 2 s at 1.2 and 2 s at 1.6.
  const double expected = 2 * 48000 / 1.2 + 2 * 48000 / 1.6;
  EXPECT_NEAR(double(changed.samples.size() / 2), expected, expected * 0.01);
}

TEST(Timescale, OutputSegmentKeepsStreamTimeAsMediaPosition) {
  GstHarness* h = gst_harness_new_parse("lavatimescale speed=2.0");
  gst_harness_set_src_caps_str(h, kStereo48k);
  for (std::size_t i = 0; i < 100; ++i) {
    GstBuffer* b = f32_buffer(sine(960, 1000, 2, 48000, i * 960, 0.5));
    GST_BUFFER_PTS(b) = i * 20 * GST_MSECOND;
    GST_BUFFER_DURATION(b) = 20 * GST_MSECOND;
    gst_harness_push(h, b);
  }
  GstBuffer* last = nullptr;
  while (GstBuffer* b = gst_harness_try_pull(h)) {
    if (last) gst_buffer_unref(last);
    last = b;
  }
  ASSERT_NE(last, nullptr);
  GstSegment segment;
  GstEvent* event = nullptr;
  while ((event = gst_harness_try_pull_event(h)) != nullptr) {
    if (GST_EVENT_TYPE(event) == GST_EVENT_SEGMENT) gst_event_copy_segment(event, &segment);
    gst_event_unref(event);
  }
  EXPECT_DOUBLE_EQ(segment.applied_rate, 2.0);
  const GstClockTime end = GST_BUFFER_PTS(last) + GST_BUFFER_DURATION(last);
  const guint64 stream_time = gst_segment_to_stream_time(&segment, GST_FORMAT_TIME, end);
  const guint64 running_time = gst_segment_to_running_time(&segment, GST_FORMAT_TIME, end);
  // 2 s of input went in; what came out so far (SoundTouch holds a little back) plays in half the
  // time and reports the media position.
  EXPECT_NEAR(double(stream_time), 2.0 * double(running_time), 1e6);
  EXPECT_GT(stream_time, 1800 * GST_MSECOND);
  EXPECT_LE(stream_time, 2000 * GST_MSECOND);
  gst_buffer_unref(last);
  gst_harness_teardown(h);
}

}  // namespace
