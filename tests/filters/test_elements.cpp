// Every filter element through GstHarness: caps (mono/stereo, 44.1/48 kHz), flushing seeks and
// EOS draining, each with its filter switched on.
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "audio_helpers.h"

using lava::test::f32_buffer;
using lava::test::sine;

namespace {

struct ElementCase {
  const char* factory;
  std::vector<std::pair<const char*, const char*>> props;  // switches the filter on
  bool stereo_only;
  double stretch;  // output duration / input duration
};

std::ostream& operator<<(std::ostream& os, const ElementCase& c) {
  return os << c.factory;
}

const ElementCase kCases[] = {
    {"lavafilters",
     {{"filters", R"({"volume":0.8,"equalizer":[{"band":4,"gain":0.3}],"karaoke":{},)"
                  R"("tremolo":{},"vibrato":{},"rotation":{"rotationHz":0.3},)"
                  R"("distortion":{"scale":0.9},"channelMix":{"leftToRight":0.2},)"
                  R"("lowPass":{"smoothing":2},"timescale":{"speed":1.25}})"}},
     false,
     0.8},
    {"lavaequalizer", {{"band3", "0.5"}}, false, 1.0},
    {"lavakaraoke", {{"level", "0.8"}}, true, 1.0},
    {"lavatimescale", {{"speed", "2.0"}}, false, 0.5},
    {"lavatremolo", {{"depth", "0.7"}}, false, 1.0},
    {"lavavibrato", {{"depth", "0.7"}}, false, 1.0},
    {"lavarotation", {{"rotation-hz", "0.5"}}, true, 1.0},
    {"lavadistortion", {{"scale", "0.5"}}, false, 1.0},
    {"lavachannelmix", {{"right-to-left", "0.5"}}, true, 1.0},
    {"lavalowpass", {{"smoothing", "10"}}, false, 1.0},
    {"lavavolume", {{"volume", "0.5"}}, false, 1.0},
};

std::string caps_for(int rate, int channels) {
  return "audio/x-raw, format=F32LE, layout=interleaved, rate=" + std::to_string(rate) +
         ", channels=" + std::to_string(channels);
}

class Element : public ::testing::TestWithParam<ElementCase> {
 protected:
  GstHarness* make(int rate, int channels) {
    GstHarness* h = gst_harness_new(GetParam().factory);
    for (const auto& [name, value] : GetParam().props)
      gst_util_set_object_arg(G_OBJECT(h->element), name, value);
    gst_harness_set_src_caps_str(h, caps_for(rate, channels).c_str());
    return h;
  }
  // Pushes `buffers` 20 ms buffers with timestamps from `first`; returns output frames.
  static std::size_t push(GstHarness* h, int rate, int channels, std::size_t buffers,
                          std::size_t first = 0) {
    const std::size_t frames = static_cast<std::size_t>(rate) / 50;
    for (std::size_t i = first; i < first + buffers; ++i) {
      GstBuffer* b = f32_buffer(sine(frames, 440, channels, rate, i * frames, 0.3));
      GST_BUFFER_PTS(b) = gst_util_uint64_scale_int(i * frames, GST_SECOND, rate);
      GST_BUFFER_DURATION(b) = 20 * GST_MSECOND;
      EXPECT_EQ(gst_harness_push(h, b), GST_FLOW_OK);
    }
    return pull_all(h, channels);
  }
  static std::size_t pull_all(GstHarness* h, int channels) {
    std::size_t frames = 0;
    while (GstBuffer* out = gst_harness_try_pull(h)) {
      frames += gst_buffer_get_size(out) / sizeof(float) / static_cast<std::size_t>(channels);
      gst_buffer_unref(out);
    }
    return frames;
  }
};

TEST_P(Element, NegotiatesMonoAndStereoAt441And48k) {
  for (int rate : {44100, 48000})
    for (int channels : {1, 2}) {
      GstHarness* h = gst_harness_new(GetParam().factory);
      GstCaps* caps = gst_caps_from_string(caps_for(rate, channels).c_str());
      const bool accepted = gst_pad_query_accept_caps(GST_PAD_PEER(h->srcpad), caps);
      gst_caps_unref(caps);
      EXPECT_EQ(accepted, !(GetParam().stereo_only && channels == 1)) << rate << " " << channels;
      gst_harness_teardown(h);
      if (!accepted) continue;
      h = make(rate, channels);
      const std::size_t out = push(h, rate, channels, 10);
      EXPECT_GT(out, 0u) << rate << " " << channels;
      gst_harness_teardown(h);
    }
}

TEST_P(Element, EosDrainsEverything) {
  GstHarness* h = make(48000, 2);
  std::size_t out = push(h, 48000, 2, 100);  // 2 s
  gst_harness_push_event(h, gst_event_new_eos());
  out += pull_all(h, 2);
  const double expected = 96000 * GetParam().stretch;
  EXPECT_NEAR(double(out), expected, expected * 0.01);
  GstEvent* eos = nullptr;
  while ((eos = gst_harness_try_pull_event(h)) != nullptr && GST_EVENT_TYPE(eos) != GST_EVENT_EOS)
    gst_event_unref(eos);
  ASSERT_NE(eos, nullptr);
  gst_event_unref(eos);
  gst_harness_teardown(h);
}

TEST_P(Element, FlushingSeekStartsClean) {
  GstHarness* h = make(48000, 2);
  push(h, 48000, 2, 20);
  EXPECT_TRUE(gst_harness_push_event(h, gst_event_new_flush_start()));
  EXPECT_TRUE(gst_harness_push_event(h, gst_event_new_flush_stop(TRUE)));
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  segment.start = segment.time = 10 * GST_SECOND;
  EXPECT_TRUE(gst_harness_push_event(h, gst_event_new_segment(&segment)));
  std::size_t out = push(h, 48000, 2, 50, 500);
  gst_harness_push_event(h, gst_event_new_eos());
  out += pull_all(h, 2);
  // Nothing from before the seek comes out after it.
  const double expected = 48000 * GetParam().stretch;
  EXPECT_NEAR(double(out), expected, expected * 0.01);
  GstEvent* event = nullptr;
  GstClockTime stream_time = GST_CLOCK_TIME_NONE;
  while ((event = gst_harness_try_pull_event(h)) != nullptr) {
    if (GST_EVENT_TYPE(event) == GST_EVENT_SEGMENT) {
      const GstSegment* s = nullptr;
      gst_event_parse_segment(event, &s);
      stream_time = s->time;
    }
    gst_event_unref(event);
  }
  EXPECT_EQ(stream_time, 10 * GST_SECOND);  // the output segment maps to the media position
  gst_harness_teardown(h);
}

INSTANTIATE_TEST_SUITE_P(Filters, Element, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.factory); });

}  // namespace
