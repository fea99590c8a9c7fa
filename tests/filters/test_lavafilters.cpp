#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <thread>

#include "audio_helpers.h"
#include "filters/dsp/volume.h"

using lava::test::f32_buffer;
using lava::test::floats;
using lava::test::sine;

namespace {

class LavaFilters : public ::testing::Test {
 protected:
  void SetUp() override {
    h = gst_harness_new("lavafilters");
    gst_harness_set_src_caps_str(
        h, "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved");
    bus = gst_bus_new();
    gst_element_set_bus(h->element, bus);
  }
  void TearDown() override {
    gst_element_set_bus(h->element, nullptr);
    gst_object_unref(bus);
    gst_harness_teardown(h);
  }
  std::vector<float> push_pull(const std::vector<float>& in) {
    GstBuffer* out = gst_harness_push_and_pull(h, f32_buffer(in));
    EXPECT_NE(out, nullptr);
    if (out == nullptr) return {};
    auto got = floats(out);
    gst_buffer_unref(out);
    return got;
  }
  void set(const char* json) { g_object_set(h->element, "filters", json, nullptr); }
  std::string get() {
    gchar* text = nullptr;
    g_object_get(h->element, "filters", &text, nullptr);
    std::string s = text;
    g_free(text);
    return s;
  }
  GstHarness* h = nullptr;
  GstBus* bus = nullptr;
};

TEST_F(LavaFilters, NoFiltersPassesTheSameBuffer) {
  GstBuffer* in = f32_buffer(sine(960, 440));
  gst_harness_push(h, in);
  GstBuffer* out = gst_harness_pull(h);
  EXPECT_EQ(out, in);
  gst_buffer_unref(out);
}

TEST_F(LavaFilters, VolumeUsesLavalinksCurve) {
  set(R"({"volume": 0.5})");
  push_pull(sine(960, 440));  // ramps from 1.0
  auto in = sine(960, 440, 2, 48000, 960);
  auto got = push_pull(in);
  ASSERT_EQ(got.size(), in.size());
  const double gain = std::tan(0.5 * 0.79);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], in[i] * gain, 1e-6) << i;
}

TEST_F(LavaFilters, InvalidJsonWarnsNamingTheFieldAndKeepsPreviousFilters) {
  set(R"({"volume": 0.5})");
  set(R"({"volume": 0.8, "timescale": {"speed": -1}})");
  GstMessage* msg = gst_bus_pop_filtered(bus, GST_MESSAGE_WARNING);
  ASSERT_NE(msg, nullptr);
  GError* error = nullptr;
  gst_message_parse_warning(msg, &error, nullptr);
  EXPECT_STREQ(error->message, "filters.timescale.speed must be > 0 and <= 10");
  g_error_free(error);
  gst_message_unref(msg);
  EXPECT_EQ(get(), R"({"volume":0.5})");
  push_pull(sine(960, 440));
  auto in = sine(960, 440, 2, 48000, 960);
  auto got = push_pull(in);
  ASSERT_EQ(got.size(), in.size());
  EXPECT_NEAR(got[100], in[100] * std::tan(0.5 * 0.79), 1e-6);
}

TEST_F(LavaFilters, ReadsBackLavalinksEcho) {
  set(R"({"tremolo": {"depth": 0.25}, "unknownFilter": 1})");
  EXPECT_EQ(get(), R"({"tremolo":{"frequency":2.0,"depth":0.25}})");
}

TEST_F(LavaFilters, TimescaleSpeedTwoHalvesDurationWithContinuousTimestamps) {
  set(R"({"timescale": {"speed": 2.0}})");
  gst_harness_play(h);
  GstClockTime expected_pts = GST_CLOCK_TIME_NONE;
  std::size_t frames_out = 0;
  const std::size_t frames_in = 48000 * 2;
  for (std::size_t i = 0; i < frames_in / 960; ++i) {
    GstBuffer* b = f32_buffer(sine(960, 1000, 2, 48000, i * 960));
    GST_BUFFER_PTS(b) = gst_util_uint64_scale_int(i * 960, GST_SECOND, 48000);
    GST_BUFFER_DURATION(b) = 20 * GST_MSECOND;
    gst_harness_push(h, b);
  }
  gst_harness_push_event(h, gst_event_new_eos());
  while (GstBuffer* out = gst_harness_try_pull(h)) {
    if (GST_CLOCK_TIME_IS_VALID(expected_pts)) {
      EXPECT_EQ(GST_BUFFER_PTS(out), expected_pts);
    }
    expected_pts = GST_BUFFER_PTS(out) + GST_BUFFER_DURATION(out);
    frames_out += gst_buffer_get_size(out) / 8;
    gst_buffer_unref(out);
  }
  EXPECT_NEAR(double(frames_out), frames_in / 2.0, frames_in / 2.0 * 0.01);
}

TEST_F(LavaFilters, SettingFiltersFromAnotherThreadWhilePlaying) {
  std::atomic<bool> done{false};
  std::thread changer([&] {
    const char* objects[] = {
        R"({"volume": 0.5})", R"({"timescale": {"pitch": 1.2}})",
        R"({"equalizer": [{"band": 2, "gain": 0.5}], "rotation": {"rotationHz": 0.2}})", "{}"};
    for (int i = 0; !done; ++i) set(objects[i % 4]);
  });
  for (std::size_t i = 0; i < 200; ++i) {
    gst_harness_push(h, f32_buffer(sine(960, 440, 2, 48000, i * 960)));
    while (GstBuffer* out = gst_harness_try_pull(h)) gst_buffer_unref(out);
  }
  done = true;
  changer.join();
}

}  // namespace

namespace {

TEST_F(LavaFilters, SegmentGoesOutBeforeTheTagsThatFollowIt) {
  set(R"({"timescale": {"speed": 1.5}})");
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  gst_harness_push_event(h, gst_event_new_segment(&segment));
  gst_harness_push_event(h, gst_event_new_tag(gst_tag_list_new(GST_TAG_TITLE, "x", nullptr)));
  gst_harness_push(h, f32_buffer(sine(960 * 20, 440)));
  while (GstBuffer* out = gst_harness_try_pull(h)) gst_buffer_unref(out);
  std::vector<GstEventType> order;
  while (GstEvent* e = gst_harness_try_pull_event(h)) {
    order.push_back(GST_EVENT_TYPE(e));
    gst_event_unref(e);
  }
  const auto tag = std::find(order.begin(), order.end(), GST_EVENT_TAG);
  ASSERT_NE(tag, order.end());
  EXPECT_NE(std::find(order.begin(), tag, GST_EVENT_SEGMENT), tag);
}

}  // namespace

namespace {

constexpr const char* kNine =
    R"({"volume":0.6,"equalizer":[{"band":0,"gain":0.2},{"band":9,"gain":0.5}],)"
    R"("karaoke":{"level":0.7},"tremolo":{"depth":0.6},"vibrato":{"depth":0.8},)"
    R"("rotation":{"rotationHz":3},"distortion":{"sinScale":3,"scale":0.9,"offset":0.05},)"
    R"("channelMix":{"leftToRight":0.4},"lowPass":{"smoothing":3}})";

// The single elements with kNine's settings, in the given order.
std::string single_elements(const std::vector<const char*>& order) {
  std::string launch;
  for (const char* e : order) launch += std::string(launch.empty() ? "" : " ! ") + e;
  return launch;
}

std::vector<float> run_stereo(GstHarness* h) {
  gst_harness_set_src_caps_str(
      h, "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved");
  std::vector<float> out;
  for (std::size_t i = 0; i < 20; ++i) {
    GstBuffer* b = gst_harness_push_and_pull(h, f32_buffer(sine(960, 330, 2, 48000, i * 960, 0.6)));
    const auto v = floats(b);
    out.insert(out.end(), v.begin(), v.end());
    gst_buffer_unref(b);
  }
  gst_harness_teardown(h);
  return out;
}

double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  double worst = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    worst = std::max(worst, double(std::abs(a[i] - b[i])));
  return worst;
}

// Lavalink's audio order (its filter list reversed): lowPass first, volume last. The same filters
// as single elements in that order give the same output; in the JSON field order they do not.
TEST(LavaFiltersOrder, RunsLavalinksChainOrder) {
  const std::vector<const char*> flow = {
      "lavalowpass smoothing=3",    "lavachannelmix left-to-right=0.4",
      "lavarotation rotation-hz=3", "lavadistortion sin-scale=3 scale=0.9 offset=0.05",
      "lavavibrato depth=0.8",      "lavatremolo depth=0.6",
      "lavakaraoke level=0.7",      "lavaequalizer band0=0.2 band9=0.5",
      "lavavolume volume=0.6"};
  GstHarness* lava = gst_harness_new("lavafilters");
  g_object_set(lava->element, "filters", kNine, nullptr);
  const auto together = run_stereo(lava);
  const auto in_flow_order = run_stereo(gst_harness_new_parse(single_elements(flow).c_str()));
  const std::vector<const char*> json_order(flow.rbegin(), flow.rend());
  const auto in_json_order = run_stereo(gst_harness_new_parse(single_elements(json_order).c_str()));
  EXPECT_LE(max_difference(together, in_flow_order), 1e-6);
  EXPECT_GE(max_difference(together, in_json_order), 1e-2);
}

}  // namespace
