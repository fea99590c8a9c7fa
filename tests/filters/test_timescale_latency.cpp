// lavatimescale answers the latency query with what SoundTouch holds back (upstream's latency
// plus its own), reports nothing while neutral, and tells the pipeline when that changes.
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include "audio_helpers.h"

using lava::test::f32_buffer;
using lava::test::sine;

namespace {

constexpr GstClockTime kUpstream = 20 * GST_MSECOND;
constexpr std::size_t kChunk = 480;  // 10 ms

class TimescaleLatency : public ::testing::Test {
 protected:
  void SetUp() override {
    h = gst_harness_new("lavatimescale");
    bus = gst_bus_new();
    gst_element_set_bus(h->element, bus);
    gst_harness_set_upstream_latency(h, kUpstream);
    gst_harness_set_src_caps_str(
        h, "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved");
  }
  void TearDown() override {
    gst_element_set_bus(h->element, nullptr);
    gst_object_unref(bus);
    gst_harness_teardown(h);
  }
  bool latency_message_posted() {
    GstMessage* msg = gst_bus_pop_filtered(bus, GST_MESSAGE_LATENCY);
    if (msg == nullptr) return false;
    gst_message_unref(msg);
    return true;
  }
  // Input time pushed before the first output buffer comes out.
  GstClockTime held_back() {
    for (std::size_t i = 0; i < 200; ++i) {
      gst_harness_push(h, f32_buffer(sine(kChunk, 440, 2, 48000, i * kChunk)));
      if (GstBuffer* out = gst_harness_try_pull(h)) {
        gst_buffer_unref(out);
        return gst_util_uint64_scale_int(i * kChunk, GST_SECOND, 48000);
      }
    }
    return GST_CLOCK_TIME_NONE;
  }
  GstHarness* h = nullptr;
  GstBus* bus = nullptr;
};

TEST_F(TimescaleLatency, NeutralAddsNothing) {
  EXPECT_EQ(gst_harness_query_latency(h), kUpstream);
}

TEST_F(TimescaleLatency, ActiveAddsWhatSoundTouchHoldsBack) {
  g_object_set(h->element, "pitch", 1.5, nullptr);
  EXPECT_TRUE(latency_message_posted());
  const GstClockTime ours = gst_harness_query_latency(h) - kUpstream;
  const GstClockTime held = held_back();
  ASSERT_NE(held, GST_CLOCK_TIME_NONE);
  // The reported latency covers the input held back before the first output (to one chunk),
  // and is not wildly more.
  EXPECT_GE(ours + 10 * GST_MSECOND, held);
  EXPECT_LE(ours, 2 * held + 10 * GST_MSECOND);
  g_object_set(h->element, "pitch", 1.0, nullptr);
  EXPECT_TRUE(latency_message_posted());
  EXPECT_EQ(gst_harness_query_latency(h), kUpstream);
}

TEST_F(TimescaleLatency, SpeedChangeUpdatesIt) {
  g_object_set(h->element, "speed", 0.5, nullptr);
  const GstClockTime slow = gst_harness_query_latency(h);
  latency_message_posted();
  g_object_set(h->element, "speed", 3.0, nullptr);
  const GstClockTime fast = gst_harness_query_latency(h);
  EXPECT_NE(slow, fast);
  EXPECT_TRUE(latency_message_posted());
}

}  // namespace
