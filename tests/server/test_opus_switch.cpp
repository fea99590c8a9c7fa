// The player's Opus route and join (server/player/opus_switch.h, issue #6) around a real
// transcoding chain: in passthrough the sink gets the file's own Opus packets byte for byte;
// switching the chain in and out mid-stream loses no packet slot and every packet stays 20 ms.
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gtest/gtest.h>
#include <opus.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gobject_ptr.h"
#include "lava_config.h"
#include "media_server.h"
#include "player/decoder_slot.h"
#include "player/opus_switch.h"
#include "player/pipeline.h"
#include "sources/source_guard.h"

using lava::GstObjectPtr;

namespace {

using Packet = std::vector<std::uint8_t>;

Packet bytes_of(GstSample* sample) {
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  GstMapInfo map;
  Packet out;
  if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    out.assign(map.data, map.data + map.size);
    gst_buffer_unmap(buffer, &map);
  }
  return out;
}

bool is_header(const Packet& p) {
  const std::string head(p.begin(), p.begin() + std::min<size_t>(p.size(), 8));
  return head == "OpusHead" || head == "OpusTags";
}

int samples_of(const Packet& p) {
  return opus_packet_get_nb_samples(p.data(), static_cast<opus_int32>(p.size()), 48000);
}

// A 10 s stereo Ogg/Opus tone in a temporary file, removed with the fixture.
class OpusSwitch : public ::testing::Test {
 protected:
  void SetUp() override {
    gchar* name = nullptr;
    const int fd = g_file_open_tmp("opus-switch-XXXXXX.opus", &name, nullptr);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = name;
    g_free(name);
    write_tone("opusenc ! oggmux");
  }
  void write_tone(const std::string& encoder) {
    const std::string tone = lava::test::make_tone(10, encoder, "Tone", "Test");
    ASSERT_FALSE(tone.empty());
    ASSERT_TRUE(g_file_set_contents(path_.c_str(), tone.data(), gssize(tone.size()), nullptr));
  }
  void TearDown() override { g_unlink(path_.c_str()); }

  // The file's Opus packets as its demuxer gives them, headers left out.
  std::vector<Packet> demuxed(const std::string& demuxer = "oggdemux") {
    GstObjectPtr<GstElement> p(gst_parse_launch(
        ("filesrc location=" + path_ + " ! " + demuxer + " ! appsink name=out sync=false").c_str(),
        nullptr));
    std::vector<Packet> packets;
    GstObjectPtr<GstElement> out(gst_bin_get_by_name(GST_BIN(p.get()), "out"));
    gst_element_set_state(p.get(), GST_STATE_PLAYING);
    while (GstSample* s = gst_app_sink_pull_sample(GST_APP_SINK(out.get()))) {
      Packet packet = bytes_of(s);
      gst_sample_unref(s);
      if (!is_header(packet)) packets.push_back(std::move(packet));
    }
    gst_element_set_state(p.get(), GST_STATE_NULL);
    return packets;
  }

  // filesrc → parsebin → route ⇉ (passthrough | opusdec → volume → opusenc) ⇉ join → appsink,
  // the shape the node builds (server/player/pipeline.cpp). The appsink holds one packet, so
  // the streaming thread runs only as far as the test reads.
  void build(bool passthrough) {
    pipeline_.reset(
        gst_parse_launch(("filesrc location=" + path_ +
                          " ! parsebin name=parse audioconvert name=convert ! volume volume=0.5 ! "
                          "audioconvert ! opusenc frame-size=20 name=encode "
                          "appsink name=out sync=false max-buffers=1")
                             .c_str(),
                         nullptr));
    ASSERT_TRUE(pipeline_);
    GstBin* bin = GST_BIN(pipeline_.get());
    route_ = lava::server::player::make_opus_route();
    GstElement* join = lava::server::player::make_opus_join();
    gst_bin_add_many(bin, route_, join, nullptr);
    GstObjectPtr<GstElement> parse(gst_bin_get_by_name(bin, "parse"));
    GstObjectPtr<GstElement> convert(gst_bin_get_by_name(bin, "convert"));
    GstObjectPtr<GstElement> encode(gst_bin_get_by_name(bin, "encode"));
    GstObjectPtr<GstPad> next(gst_element_get_static_pad(convert.get(), "sink"));
    out_.reset(gst_bin_get_by_name(bin, "out"));
    lava::server::player::attach_decoder_slot(pipeline_.get(), parse.get(), route_, next.get());
    ASSERT_TRUE(gst_element_link_pads(route_, "pass_src", join, "pass_sink"));
    ASSERT_TRUE(gst_element_link_pads(encode.get(), "src", join, "transcoded_sink"));
    ASSERT_TRUE(gst_element_link_pads(join, "src", out_.get(), "sink"));
    g_object_set(route_, "passthrough", passthrough, nullptr);
    gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING);
  }

  // Up to `n` packets (all that are left for n < 0), headers left out.
  std::vector<Packet> pull(int n) {
    std::vector<Packet> packets;
    while (n < 0 || int(packets.size()) < n) {
      GstSample* s = gst_app_sink_try_pull_sample(GST_APP_SINK(out_.get()), 5 * GST_SECOND);
      if (!s) break;
      Packet packet = bytes_of(s);
      gst_sample_unref(s);
      if (!is_header(packet)) packets.push_back(std::move(packet));
    }
    return packets;
  }

  guint64 passed() {
    guint64 n = 0;
    g_object_get(route_, "passthrough-frames", &n, nullptr);
    return n;
  }

  void TearDownPipeline() {
    if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  }

  std::string path_;
  GstObjectPtr<GstElement> pipeline_;
  GstObjectPtr<GstElement> out_;
  GstElement* route_ = nullptr;
};

TEST_F(OpusSwitch, PassthroughDeliversTheFilesPacketsUnchanged) {
  const auto file = demuxed();
  ASSERT_GE(file.size(), 490u);
  build(true);
  const auto got = pull(-1);
  EXPECT_TRUE(gst_app_sink_is_eos(GST_APP_SINK(out_.get())));
  ASSERT_EQ(got.size(), file.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], file[i]) << "packet " << i;
  EXPECT_EQ(passed(), file.size());
  TearDownPipeline();
}

TEST_F(OpusSwitch, WebmOpusIsPassedThroughToo) {
  write_tone("opusenc ! webmmux");
  const auto file = demuxed("matroskademux");
  ASSERT_GE(file.size(), 490u);
  build(true);
  const auto got = pull(-1);
  TearDownPipeline();
  ASSERT_EQ(got.size(), file.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], file[i]) << "packet " << i;
  EXPECT_EQ(passed(), file.size());
}

void record_turn(GObject* route, GParamSpec*, gpointer turns) {
  gboolean transcoding = FALSE;
  g_object_get(route, "transcoding", &transcoding, nullptr);
  static_cast<std::vector<bool>*>(turns)->push_back(transcoding);
}

TEST_F(OpusSwitch, TranscodingInAndOutMidStreamKeepsEveryFrameSlot) {
  const auto file = demuxed();
  build(true);
  std::vector<bool> turns;
  g_signal_connect(route_, "notify::transcoding", G_CALLBACK(record_turn), &turns);
  auto first = pull(100);
  g_object_set(route_, "passthrough", FALSE, nullptr);
  auto middle = pull(100);
  g_object_set(route_, "passthrough", TRUE, nullptr);
  auto last = pull(-1);
  EXPECT_TRUE(gst_app_sink_is_eos(GST_APP_SINK(out_.get())));
  TearDownPipeline();
  ASSERT_EQ(first.size(), 100u);
  ASSERT_EQ(middle.size(), 100u);
  // The first packets were the file's; the transcoded ones are not (volume 0.5); every packet
  // is one 20 ms frame, and the count matches the file's to within the decoder's and encoder's
  // start-up (a fresh opusdec drops its pre-skip, opusenc holds less than a frame at the switch).
  for (size_t i = 0; i < first.size(); ++i) ASSERT_EQ(first[i], file[i]);
  int differing = 0;
  for (const auto& p : middle) {
    EXPECT_EQ(samples_of(p), 960);
    bool in_file = false;
    for (size_t j = 100; j < 220 && !in_file; ++j) in_file = p == file[j];
    differing += !in_file;
  }
  EXPECT_GE(differing, 95);
  for (const auto& p : last) EXPECT_EQ(samples_of(p), 960);
  const size_t total = first.size() + middle.size() + last.size();
  EXPECT_LE(file.size() - total, 2u);
  // Back in passthrough, the file's own packets again, up to its last.
  ASSERT_GE(last.size(), 100u);
  for (size_t i = 1; i <= 100; ++i) EXPECT_EQ(last[last.size() - i], file[file.size() - i]);
  // The packets in flight when the switch turned (the one appsink holds, the one waiting for it)
  // were routed before it.
  EXPECT_GE(passed(), first.size() + last.size());
  EXPECT_LE(passed(), first.size() + last.size() + 2);
  // `transcoding` was notified once each way (the streaming thread has stopped: EOS).
  EXPECT_EQ(turns, (std::vector<bool>{true, false}));
}

guint refill_margin(GstElement* sink) {
  guint ms = 0;
  g_object_get(sink, "refill-margin", &ms, nullptr);
  return ms;
}

// The node's player pipeline has the voice sink wake a transcoding stream's thread with 200 ms
// of audio left instead of 100 (server/player/pipeline.cpp), and a passed-through one's at 100.
// Without a voice connection the sink's ring fills and the streaming thread waits on it.
TEST_F(OpusSwitch, TheNodeWakesATranscodingPlayerWithMoreLeft) {
  write_tone("vorbisenc ! oggmux");
  lava::server::Config config;
  config.sources["local"] = true;
  config.local_roots = {g_get_tmp_dir()};
  lava::server::sources::guard_media_sources(config);
  std::string error;
  auto player =
      lava::server::player::PlayerTemplate::load(LAVA_SOURCE_ROOT "/pipelines/player.yaml", &error);
  ASSERT_TRUE(player) << error;
  lava::server::player::PlayerPipeline p = player->build();
  ASSERT_TRUE(p.pipeline);
  g_object_set(p.sink, "buffer-duration", 400u, nullptr);
  g_object_set(p.opus_route, "passthrough", TRUE, nullptr);
  EXPECT_EQ(refill_margin(p.sink), 100u);
  ASSERT_TRUE(lava::server::player::set_source(p, "file://" + path_, &error)) << error;
  gst_element_set_state(p.pipeline.get(), GST_STATE_PLAYING);
  for (int i = 0; i < 500 && refill_margin(p.sink) != 200; ++i) g_usleep(10000);
  EXPECT_EQ(refill_margin(p.sink), 200u);
  gst_element_set_state(p.pipeline.get(), GST_STATE_NULL);
  EXPECT_EQ(refill_margin(p.sink), 100u);
}

TEST_F(OpusSwitch, WithoutPassthroughEverythingIsTranscoded) {
  const auto file = demuxed();
  build(false);
  const auto got = pull(-1);
  TearDownPipeline();
  EXPECT_EQ(passed(), 0u);
  EXPECT_LE(file.size() - got.size(), 2u);
  ASSERT_FALSE(got.empty());
  EXPECT_NE(got[10], file[10]);
}

}  // namespace
