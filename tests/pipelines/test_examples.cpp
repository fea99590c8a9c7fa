// Every shipped pipeline file runs here, offline, and does what it says.
#include <gmock/gmock.h>
#include <gst/app/gstappsink.h>
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline_fixture.h"

using lava::GstObjectPtr;
using lava::test::shipped_pipeline;

namespace {

lava::pipelines::LoadResult load_shipped(const std::string& name,
                                         const std::map<std::string, std::string>& params) {
  auto r = lava::pipelines::load_file(shipped_pipeline(name), params, {});
  EXPECT_TRUE(r) << r.error->to_string();
  return r;
}

}  // namespace

TEST(Examples, ToneToFileWritesTheRequestedLength) {
  lava::test::TempDir dir;
  auto r = load_shipped("tone-to-file.yaml", {{"location", dir.file("t.wav")}, {"buffers", "3"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(lava::test::play_to_eos(GST_ELEMENT(r.pipeline.get())), "");
  // 3 buffers of 100 ms, 48 kHz stereo S16, after a 44-byte header.
  EXPECT_EQ(lava::test::wav_data(dir.file("t.wav")).size(), 3u * 4800 * 2 * 2);
}

TEST(Examples, Speech16kWritesMono16kHz) {
  lava::test::TempDir dir;
  lava::test::write_test_ogg(dir.file("in.ogg"), 1.0);
  auto r = load_shipped("speech-16k.yaml",
                        {{"input", dir.file("in.ogg")}, {"output", dir.file("out.wav")}});
  ASSERT_TRUE(r);
  ASSERT_EQ(lava::test::play_to_eos(GST_ELEMENT(r.pipeline.get())), "");
  auto samples = lava::test::read_wav_f32(dir.file("out.wav"));
  // One second of mono at 16 kHz (the resampler may trim or pad a few samples at the edges).
  EXPECT_NEAR(static_cast<double>(samples.size()), 16000.0, 64.0);
  float peak = 0;
  for (float s : samples) peak = std::max(peak, std::fabs(s));
  EXPECT_GT(peak, 0.5f);
}

TEST(Examples, SpectrumMonitorPostsBands) {
  lava::test::TempDir dir;
  lava::test::write_test_ogg(dir.file("in.ogg"), 1.0);
  std::map<std::string, std::string> params{{"input", dir.file("in.ogg")}, {"bands", "16"}};
  // rfftspectrum (issue #4) is the default analyzer; the stock element stands in until it exists.
  GstObjectPtr<GstElementFactory> ours(gst_element_factory_find("rfftspectrum"));
  if (!ours) params["analyzer"] = "spectrum";
  auto r = load_shipped("spectrum-monitor.yaml", params);
  ASSERT_TRUE(r);
  GstElement* pipeline = GST_ELEMENT(r.pipeline.get());
  lava::GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline));
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  int messages = 0;
  for (;;) {
    lava::GstMessagePtr m(gst_bus_timed_pop_filtered(
        bus.get(), 20 * GST_SECOND,
        static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT)));
    ASSERT_TRUE(m);
    ASSERT_NE(GST_MESSAGE_TYPE(m.get()), GST_MESSAGE_ERROR);
    if (GST_MESSAGE_TYPE(m.get()) == GST_MESSAGE_EOS) break;
    if (GST_MESSAGE_SRC(m.get()) == GST_OBJECT(r.element("spectrum"))) ++messages;
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  // One second of audio, a message every 100 ms.
  EXPECT_GE(messages, 9);
  EXPECT_LE(messages, 11);
}

TEST(Examples, PlayerEncodes48kStereoOpusIn20msFrames) {
  lava::test::TempDir dir;
  lava::test::write_test_ogg(dir.file("in.ogg"), 1.0);
  auto r = load_shipped("player.yaml",
                        {{"location", dir.file("in.ogg")}, {"sink", "appsink"}, {"volume", "0.5"}});
  ASSERT_TRUE(r);
  gdouble volume = 0;
  g_object_get(r.element("volume"), "volume", &volume, nullptr);
  EXPECT_EQ(volume, 0.5);
  GstElement* sink = r.element("sink");
  g_object_set(sink, "sync", FALSE, nullptr);
  gst_element_set_state(GST_ELEMENT(r.pipeline.get()), GST_STATE_PLAYING);
  int packets = 0, full_frames = 0;
  while (lava::GstSamplePtr sample{
      gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 10 * GST_SECOND)}) {
    if (packets == 0) {
      GstStructure* s = gst_caps_get_structure(gst_sample_get_caps(sample.get()), 0);
      EXPECT_STREQ(gst_structure_get_name(s), "audio/x-opus");
      gint rate = 0, channels = 0;
      gst_structure_get_int(s, "rate", &rate);
      gst_structure_get_int(s, "channels", &channels);
      EXPECT_EQ(rate, 48000);
      EXPECT_EQ(channels, 2);
    }
    GstBuffer* buffer = gst_sample_get_buffer(sample.get());
    // The first and last packets are clipped (pre-skip and end trim); the rest are whole frames.
    if (GST_BUFFER_DURATION(buffer) == 20 * GST_MSECOND) ++full_frames;
    ++packets;
  }
  EXPECT_TRUE(gst_app_sink_is_eos(GST_APP_SINK(sink)));
  gst_element_set_state(GST_ELEMENT(r.pipeline.get()), GST_STATE_NULL);
  // One second is 50 frames (the encoder may add one for its look-ahead).
  EXPECT_GE(packets, 50);
  EXPECT_LE(packets, 52);
  EXPECT_GE(full_frames, packets - 2);
}
