// Changing a parameter while playing: the largest step between consecutive output samples may not
// exceed what the output itself has on either side of the change (plus 10 %).
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "audio_helpers.h"

using lava::test::f32_buffer;
using lava::test::floats;
using lava::test::max_step;
using lava::test::sine;

namespace {

struct Step {
  const char* factory;
  const char* property;
  const char* from;
  const char* to;
};

std::ostream& operator<<(std::ostream& os, const Step& s) {
  return os << s.factory << " " << s.property << " " << s.from << "->" << s.to;
}

const Step kSteps[] = {
    {"lavavolume", "volume", "1.0", "1.8"},
    {"lavaequalizer", "band8", "0", "1.0"},
    {"lavaequalizer", "bands", "0.5 0.5 0.5", "-0.25 0 0 0 0 0 0 0 1"},
    {"lavakaraoke", "level", "0.2", "1.0"},
    {"lavakaraoke", "filter-band", "220", "440"},
    {"lavatremolo", "depth", "0.1", "1.0"},
    {"lavatremolo", "frequency", "2", "12"},
    {"lavavibrato", "depth", "0.1", "1.0"},
    {"lavavibrato", "frequency", "2", "14"},
    {"lavarotation", "rotation-hz", "0", "3"},
    {"lavarotation", "rotation-hz", "0.2", "5"},
    {"lavadistortion", "scale", "1", "0.3"},
    {"lavadistortion", "sin-scale", "1", "3"},
    {"lavachannelmix", "left-to-left", "1", "0"},
    {"lavalowpass", "smoothing", "1", "20"},
    {"lavalowpass", "smoothing", "2", "50"},
    {"lavafilters", "filters", "{}",
     R"({"volume":1.5,"equalizer":[{"band":8,"gain":0.5}],"karaoke":{},"tremolo":{},)"
     R"("vibrato":{},"rotation":{"rotationHz":1},"distortion":{"scale":0.7},)"
     R"("channelMix":{"leftToRight":0.5},"lowPass":{"smoothing":4}})"},
    {"lavafilters", "filters",
     R"({"volume":1.5,"equalizer":[{"band":8,"gain":0.5}],"karaoke":{},"tremolo":{},)"
     R"("vibrato":{},"rotation":{"rotationHz":1},"distortion":{"scale":0.7},)"
     R"("channelMix":{"leftToRight":0.5},"lowPass":{"smoothing":4}})",
     "{}"},
};

// 0.4 s of a 600 Hz sine; `to` (if any) is set after `switch_at` buffers.
std::vector<float> play(const Step& s, const char* first, const char* then, std::size_t switch_at) {
  GstHarness* h = gst_harness_new(s.factory);
  gst_util_set_object_arg(G_OBJECT(h->element), s.property, first);
  gst_harness_set_src_caps_str(
      h, "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved");
  std::vector<float> out;
  for (std::size_t i = 0; i < 20; ++i) {
    if (i == switch_at && then != nullptr)
      gst_util_set_object_arg(G_OBJECT(h->element), s.property, then);
    auto v =
        floats(gst_harness_push_and_pull(h, f32_buffer(sine(960, 600, 2, 48000, i * 960, 0.3))));
    out.insert(out.end(), v.begin(), v.end());
  }
  gst_harness_teardown(h);
  return out;
}

class ParameterStep : public ::testing::TestWithParam<Step> {};

TEST_P(ParameterStep, NeverJumpsMoreThanTheSignal) {
  const Step& s = GetParam();
  const double before = max_step(play(s, s.from, nullptr, 0), 2);
  const double after = max_step(play(s, s.to, nullptr, 0), 2);
  const double changed = max_step(play(s, s.from, s.to, 10), 2);
  EXPECT_LE(changed, 1.1 * std::max(before, after)) << before << " " << after;
}

INSTANTIATE_TEST_SUITE_P(Filters, ParameterStep, ::testing::ValuesIn(kSteps));

}  // namespace
