// The fusion pass: each rule fires where it should, not where it shouldn't, and the fused graph
// produces the same samples as the graph as written (see the tolerance at each test).
#include <gmock/gmock.h>
#include <gst/app/gstappsink.h>
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline_fixture.h"

using lava::test::load_ok;
using testing::HasSubstr;

namespace {

// Plays a pipeline ending in an appsink called `out` and returns every F32 sample it got.
std::vector<float> pull_all(const lava::pipelines::LoadResult& r) {
  std::vector<float> samples;
  GstElement* sink = r.element("out");
  EXPECT_NE(sink, nullptr);
  if (!sink) return samples;
  g_object_set(sink, "sync", FALSE, nullptr);
  gst_element_set_state(GST_ELEMENT(r.pipeline.get()), GST_STATE_PLAYING);
  while (lava::GstSamplePtr sample{
      gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 10 * GST_SECOND)}) {
    GstMapInfo map;
    GstBuffer* buffer = gst_sample_get_buffer(sample.get());
    gst_buffer_map(buffer, &map, GST_MAP_READ);
    const auto* f = reinterpret_cast<const float*>(map.data);
    samples.insert(samples.end(), f, f + map.size / sizeof(float));
    gst_buffer_unmap(buffer, &map);
  }
  EXPECT_TRUE(gst_app_sink_is_eos(GST_APP_SINK(sink)));
  gst_element_set_state(GST_ELEMENT(r.pipeline.get()), GST_STATE_NULL);
  return samples;
}

// Runs `yaml` with and without fusion, expecting the rewrite `note`; returns both outputs.
std::pair<std::vector<float>, std::vector<float>> fused_and_plain(const std::string& yaml,
                                                                  const std::string& note) {
  auto fused = load_ok(yaml, {}, true);
  auto plain = load_ok(yaml, {}, false);
  if (!fused || !plain) return {};
  EXPECT_EQ(fused.rewrites.size(), 1u);
  if (!fused.rewrites.empty()) {
    EXPECT_THAT(fused.rewrites[0], HasSubstr(note));
  }
  EXPECT_TRUE(plain.rewrites.empty());
  auto a = pull_all(fused), b = pull_all(plain);
  EXPECT_EQ(a.size(), b.size());
  EXPECT_GT(a.size(), 1000u);
  return {a, b};
}

double peak_of(const std::vector<float>& x) {
  double peak = 0;
  for (float v : x) peak = std::max(peak, std::fabs(double(v)));
  return peak;
}

// Runs `yaml` with and without fusion; expects the rewrite `note` and equal output.
void expect_same_output(const std::string& yaml, const std::string& note, double tolerance) {
  auto [a, b] = fused_and_plain(yaml, note);
  double worst = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    worst = std::max(worst, std::fabs(double(a[i]) - b[i]));
  EXPECT_GT(peak_of(b), 0.05);
  EXPECT_LE(worst, tolerance);
}

// x[i] ≈ amplitude·sin(w·i + phase), by least squares.
struct SineFit {
  double s = 0, c = 0;  // x ≈ s·sin(w·i) + c·cos(w·i)
  double amplitude() const { return std::hypot(s, c); }
  double phase() const { return std::atan2(c, s); }
};

SineFit fit_sine(const std::vector<float>& x, double w) {
  double ss = 0, sc = 0, cc = 0, xs = 0, xc = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double si = std::sin(w * double(i)), ci = std::cos(w * double(i));
    ss += si * si, sc += si * ci, cc += ci * ci, xs += x[i] * si, xc += x[i] * ci;
  }
  const double det = ss * cc - sc * sc;
  return {(xs * cc - xc * sc) / det, (xc * ss - xs * sc) / det};
}

constexpr double kPi = 3.14159265358979323846;
const char* kStereoSine =
    "  - {id: src, factory: audiotestsrc, properties: {freq: 300, volume: 0.4, num-buffers: 40,"
    " samplesperbuffer: 960}, caps: 'audio/x-raw,format=F32LE,rate=48000,channels=2'}\n";

bool have(const char* factory) {
  lava::GstObjectPtr<GstElementFactory> f(gst_element_factory_find(factory));
  return f != nullptr;
}

}  // namespace

// audioresample puts its output a fixed fraction of an input sample late (measured here with
// GStreamer 1.22: 1/2, 1/4 and 1/16 of an input sample at quality 0, 4 and 10), while
// resamplenormmono's output sample n sits exactly at input time 3n. On a 300 Hz sine that shift
// alone makes a 1e-3 difference, so the outputs are compared after taking the plain chain's
// delay out: what is left (gain, distortion, noise) must stay under 1e-4.
TEST(Fusion, ConvertResampleConvertToMonoBecomesResampleNormMono) {
  ASSERT_TRUE(have("resamplenormmono"));
  std::string yaml = std::string("nodes:\n") + kStereoSine +
                     "  - {id: c1, factory: audioconvert}\n"
                     "  - {id: rs, factory: audioresample, properties: {quality: 10}}\n"
                     "  - {id: gain, factory: volume, properties: {volume: 0.5}}\n"
                     "  - {id: c2, factory: audioconvert,"
                     " caps: 'audio/x-raw,format=F32LE,rate=16000,channels=1'}\n"
                     "  - {id: out, factory: appsink}\n";
  auto [fused, plain] = fused_and_plain(
      yaml, "fused c1, rs, c2 into resamplenormmono 'c2' (volume 'gain' now follows it)");
  ASSERT_EQ(fused.size(), plain.size());
  const double w = 2 * kPi * 300 / 16000;  // the sine, per output sample
  const SineFit f = fit_sine(fused, w), p = fit_sine(plain, w);
  EXPECT_NEAR(f.amplitude(), 0.2, 1e-4);
  EXPECT_NEAR(p.amplitude(), 0.2, 1e-4);
  // audiotestsrc's sample 0 is sin(one step): the fused output keeps that phase exactly.
  EXPECT_NEAR(f.phase(), 2 * kPi * 300 / 48000, 1e-5);
  const double delay_in = (f.phase() - p.phase()) / (2 * kPi * 300 / 48000);
  EXPECT_GT(delay_in, 0.0);
  EXPECT_LT(delay_in, 0.125);
  // The first output sample is each filter's ringing on the sine's hard start, which a pure
  // delay does not align.
  double worst = 0;
  for (std::size_t i = 1; i < fused.size(); ++i) {
    const double t = w * double(i);
    const double aligned = plain[i] - p.amplitude() * std::sin(t + p.phase()) +
                           p.amplitude() * std::sin(t + f.phase());
    worst = std::max(worst, std::fabs(fused[i] - aligned));
  }
  EXPECT_LE(worst, 1e-4);
  auto r = load_ok(yaml);
  EXPECT_EQ(r.element("c1"), r.element("c2"));
  EXPECT_EQ(r.element("rs"), r.element("c2"));
  EXPECT_NE(r.element("gain"), nullptr);
}

// The rewrites made for a stereo sine through audioconvert → audioresample (with `resample_props`)
// → audioconvert with `caps`, in a file starting with `head`.
std::vector<std::string> rewrites_of(const std::string& head, const std::string& resample_props,
                                     const std::string& caps) {
  return load_ok(head + "nodes:\n" + kStereoSine + "  - {id: c1, factory: audioconvert}\n" +
                 "  - {id: rs, factory: audioresample, properties: {" + resample_props + "}}\n" +
                 "  - {id: c2, factory: audioconvert, caps: '" + caps + "'}\n" +
                 "  - {id: out, factory: fakesink}\n")
      .rewrites;
}

TEST(Fusion, RulesOnlyFireWhenTheOutputStaysTheSame) {
  const std::string mono = "audio/x-raw,format=F32LE,channels=1";
  EXPECT_EQ(rewrites_of("", "", mono).size(), 1u);
  // Stereo or S16 output: resamplenormmono only makes F32 mono.
  EXPECT_TRUE(rewrites_of("", "", "audio/x-raw,format=F32LE,channels=2").empty());
  EXPECT_TRUE(rewrites_of("", "", "audio/x-raw,format=S16LE,channels=1").empty());
  // audioresample options resamplenormmono has no equivalent for.
  EXPECT_TRUE(rewrites_of("", "resample-method: linear", mono).empty());
  // The file can turn the pass off.
  EXPECT_TRUE(rewrites_of("optimization: {fusion: false}\n", "", mono).empty());
}

TEST(Fusion, Speech16kExampleFuses) {
  auto r = lava::pipelines::load_file(lava::test::shipped_pipeline("speech-16k.yaml"),
                                      {{"input", "/dev/null"}}, {});
  ASSERT_TRUE(r) << r.error->to_string();
  ASSERT_EQ(r.rewrites.size(), 1u);
  EXPECT_EQ(r.rewrites[0], "fused convert, resample, mono into resamplenormmono 'mono'");
}

// lava* elements in Lavalink's chain order → one lavafilters with the same settings.
TEST(Fusion, LavalinkFilterRunBecomesLavaFilters) {
  ASSERT_TRUE(have("lavafilters"));
  std::string yaml =
      std::string("nodes:\n") + kStereoSine +
      "  - {id: spin, factory: lavarotation, properties: {rotation-hz: 0.4}}\n"
      "  - {id: wobble, factory: lavatremolo, properties: {frequency: 6, depth: 0.7}}\n"
      "  - {id: voice, factory: lavakaraoke, properties: {level: 0.8, filter-band: 300}}\n"
      "  - {id: eq, factory: lavaequalizer, properties: {bands: '0.3 0.2 0.1 0 -0.2', band9: "
      "0.5}}\n"
      "  - {id: loud, factory: lavavolume, properties: {volume: 0.6}}\n"
      "  - {id: out, factory: appsink}\n";
  expect_same_output(yaml, "fused spin, wobble, voice, eq, loud into lavafilters 'loud'", 1e-4);
  auto r = load_ok(yaml);
  EXPECT_EQ(r.element("spin"), r.element("loud"));
  gchar* echo = nullptr;
  g_object_get(r.element("loud"), "filters", &echo, nullptr);
  lava::GCharPtr filters(echo);
  EXPECT_THAT(filters.get(), HasSubstr("\"rotation\":{\"rotationHz\":0.4"));
  EXPECT_THAT(filters.get(), HasSubstr("{\"band\":9,\"gain\":0.5}"));
  EXPECT_THAT(filters.get(), HasSubstr("\"volume\":0.6"));
}

TEST(Fusion, LavalinkFilterRunWithTimescale) {
  std::string yaml =
      std::string("nodes:\n") + kStereoSine +
      "  - {id: vib, factory: lavavibrato, properties: {frequency: 5, depth: 0.4}}\n"
      "  - {id: stretch, factory: lavatimescale, properties: {speed: 1.25, pitch: 0.9}}\n"
      "  - {id: eq, factory: lavaequalizer, properties: {band2: 0.4}}\n"
      "  - {id: out, factory: appsink}\n";
  expect_same_output(yaml, "fused vib, stretch, eq into lavafilters 'eq'", 1e-4);
}

// The rewrites made for a stereo sine through the lava* nodes in `nodes`.
std::vector<std::string> filter_rewrites(const std::string& nodes) {
  return load_ok("nodes:\n" + std::string(kStereoSine) + nodes +
                 "  - {id: out, factory: fakesink}\n")
      .rewrites;
}

TEST(Fusion, LavalinkFiltersOnlyFuseInChainOrder) {
  // lavafilters runs tremolo before the equalizer; the file asks for the opposite.
  EXPECT_TRUE(filter_rewrites("  - {id: eq, factory: lavaequalizer, properties: {band0: 0.2}}\n"
                              "  - {id: t, factory: lavatremolo}\n")
                  .empty());
  // The same filter twice cannot be one lavafilters.
  EXPECT_TRUE(filter_rewrites("  - {id: v1, factory: lavavolume, properties: {volume: 0.5}}\n"
                              "  - {id: v2, factory: lavavolume, properties: {volume: 0.5}}\n")
                  .empty());
  // A caps filter inside the run stays where it is: only the part after it fuses.
  EXPECT_THAT(filter_rewrites("  - {id: t, factory: lavatremolo, caps: 'audio/x-raw,rate=48000'}\n"
                              "  - {id: k, factory: lavakaraoke}\n"
                              "  - {id: v, factory: lavavolume, properties: {volume: 0.5}}\n"),
              testing::ElementsAre("fused k, v into lavafilters 'v'"));
  // One element alone gains nothing.
  EXPECT_TRUE(filter_rewrites("  - {id: t, factory: lavatremolo}\n").empty());
}

// lavakaraoke only takes stereo; lavafilters would take mono and skip karaoke, so the fused node
// keeps refusing mono and the file fails to load either way.
TEST(Fusion, FusedStereoOnlyFiltersKeepRefusingMono) {
  const std::string yaml =
      "nodes:\n  - {id: src, factory: audiotestsrc, properties: {num-buffers: 2},"
      " caps: 'audio/x-raw,format=F32LE,rate=48000,channels=1'}\n"
      "  - {id: k, factory: lavakaraoke}\n"
      "  - {id: v, factory: lavavolume, properties: {volume: 0.5}}\n"
      "  - {id: out, factory: fakesink}\n";
  EXPECT_THAT(lava::test::load_error(yaml), testing::StartsWith("3:10: cannot link 'src.caps' to"));
  EXPECT_THAT(lava::test::load_error(yaml), HasSubstr("channels=(int)2"));
  EXPECT_THAT(lava::test::load_error("optimization: {fusion: false}\n" + yaml),
              HasSubstr("cannot link 'src.caps' to 'k'"));
}

TEST(Fusion, BadFilterValuesAreReportedAtTheirNode) {
  EXPECT_EQ(lava::test::load_error(
                "nodes:\n  - {id: src, factory: audiotestsrc}\n"
                "  - {id: t, factory: lavatremolo, properties: {depth: 3}}\n"
                "  - {id: v, factory: lavavolume}\n  - {id: out, factory: fakesink}\n"),
            "3:55: property 'depth' of lavatremolo 't': '3' is out of range for depth (0 .. 1)");
}
