// discordvoicesink against the voice test server: handshake, both modes, tone, pacing, pause.
#include <gtest/gtest.h>

#include <cstdio>

#include "transport_crypto.h"
#include "voice_sink_fixture.h"

namespace lava::test {
namespace {

bool five_trailing_silence_frames(JsonObject* report) {
  JsonObject* s = first_stream(report);
  return s && member_int(s, "trailing_silence") >= 5;
}

constexpr int kToneFrames = 75;  // 1.5 s

class VoiceSinkModes : public VoiceSinkTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(VoiceSinkModes, HandshakeAndToneArriveIntact) {
  const std::string mode = GetParam();
  auto parsed = discord::parse_transport_mode(mode);
  if (!discord::transport_mode_available(*parsed)) GTEST_SKIP() << "no AES-NI";
  VoiceServerProcess server({"--modes", mode, "--heartbeat-interval", "200"});
  build(kToneFrames);
  set_credentials(server.ws_url());
  play();

  auto identify = server.wait_event("identify");
  ASSERT_TRUE(identify);
  EXPECT_STREQ(json_object_get_string_member(identify.get(), "token"), "token-1");
  EXPECT_STREQ(json_object_get_string_member(identify.get(), "session_id"), "session-1");
  EXPECT_STREQ(json_object_get_string_member(identify.get(), "guild_id"), "111");
  EXPECT_STREQ(json_object_get_string_member(identify.get(), "user_id"), "333");
  // A channel id offers DAVE; this server answers version 0: transport encryption only.
  EXPECT_EQ(member_int(identify.get(), "max_dave_protocol_version"), 1);
  auto connect = server.wait_event("connect");
  EXPECT_STREQ(json_object_get_string_member(connect.get(), "query"), "v=8");
  auto select = server.wait_event("select_protocol");
  ASSERT_TRUE(select);
  EXPECT_STREQ(json_object_get_string_member(select.get(), "mode"), mode.c_str());
  EXPECT_STREQ(json_object_get_string_member(select.get(), "address"), "127.0.0.1");
  EXPECT_GT(member_int(select.get(), "port"), 0);
  auto connected = wait_message(GST_MESSAGE_ELEMENT, "discordvoice-connected");
  ASSERT_TRUE(connected);
  EXPECT_STREQ(gst_structure_get_string(gst_message_get_structure(connected.get()), "mode"),
               mode.c_str());

  ASSERT_TRUE(wait_message(GST_MESSAGE_EOS, nullptr, 10000));
  auto on = server.wait_event("speaking");
  ASSERT_TRUE(on);
  EXPECT_EQ(member_int(on.get(), "speaking"), 1);
  auto off = server.wait_event("speaking");
  ASSERT_TRUE(off);
  EXPECT_EQ(member_int(off.get(), "speaking"), 0);
  // Speaking 0 leaves after the last silence packet, but TCP may still overtake UDP on the way
  // into the server's loop: judge the stream once the silence has arrived.
  auto report = server.report_when(five_trailing_silence_frames);
  JsonObject* s = first_stream(report.get());
  ASSERT_TRUE(s);
  EXPECT_EQ(member_int(report.get(), "decrypt_failures"), 0);
  EXPECT_EQ(member_int(report.get(), "unknown_packets"), 0);
  EXPECT_GE(member_int(s, "audio_frames"), kToneFrames);
  EXPECT_EQ(member_int(s, "silence_frames"), 5);
  EXPECT_EQ(member_int(s, "trailing_silence"), 5);
  expect_intact_tone(s);
  EXPECT_GT(member_double(s, "rms_dbfs"), -20);
  // Pacing, from kernel arrival timestamps: one packet per 20 ms, no bursts, no holes. Nine in
  // ten intervals within half a period of 20 ms: a sender that bursts puts half or more of them
  // near 0 ms, while a busy machine that wakes the pacing thread a few ms late (CI saw ten
  // intervals 5 ms off in this 1.6 s stream) moves them by less than that.
  EXPECT_NEAR(member_double(s, "mean_interval_ms"), 20, 0.5);
  EXPECT_LT(member_double(s, "interval_jitter_p90_ms"), 10);
  EXPECT_LT(member_double(s, "max_gap_ms"), 45);
  std::printf(
      "pacing %s: packet interval jitter p99 %.2f ms, max gap %.2f ms, nulled %llu, "
      "deficit %llu\n",
      mode.c_str(), member_double(s, "interval_jitter_p99_ms"), member_double(s, "max_gap_ms"),
      static_cast<unsigned long long>(counter("frames-nulled")),
      static_cast<unsigned long long>(counter("frames-deficit")));
  EXPECT_EQ(counter("frames-sent"), static_cast<guint64>(member_int(s, "audio_frames")));
  EXPECT_EQ(member_int(s, "dave_protocol_version"), 0);
  EXPECT_EQ(member_int(s, "e2ee_frames"), 0);
  EXPECT_EQ(counter("frames-e2ee"), 0u);
  gint dave_version = -1;
  g_object_get(sink_.get(), "dave-protocol-version", &dave_version, nullptr);
  EXPECT_EQ(dave_version, 0);
  EXPECT_EQ(unexpected_errors_, 0);
  gint ping = -2;
  g_object_get(sink_.get(), "ping-ms", &ping, nullptr);
  EXPECT_GE(ping, 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, VoiceSinkModes,
                         ::testing::Values("aead_aes256_gcm_rtpsize",
                                           "aead_xchacha20_poly1305_rtpsize"));

TEST_F(VoiceSinkTest, PauseSendsFiveSilenceFramesThenSpeakingOff) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  build();
  set_credentials(server.ws_url());
  play();
  wait_connected();
  ASSERT_TRUE(wait_frames_sent(25));
  ASSERT_NE(gst_element_set_state(pipeline_.get(), GST_STATE_PAUSED), GST_STATE_CHANGE_FAILURE);
  auto on = server.wait_event("speaking");
  auto off = server.wait_event("speaking");
  ASSERT_TRUE(off);
  EXPECT_EQ(member_int(off.get(), "speaking"), 0);
  const guint64 sent = counter("frames-sent");
  g_usleep(200000);
  EXPECT_EQ(counter("frames-sent"), sent) << "no audio while paused";
  auto paused = server.report_when(five_trailing_silence_frames);
  EXPECT_EQ(member_int(first_stream(paused.get()), "trailing_silence"), 5);
  EXPECT_EQ(member_int(first_stream(paused.get()), "silence_frames"), 5);

  play();
  auto again = server.wait_event("speaking");
  ASSERT_TRUE(again);
  EXPECT_EQ(member_int(again.get(), "speaking"), 1);
  ASSERT_TRUE(wait_frames_sent(sent + 25));
  auto report = server.report();
  JsonObject* s = first_stream(report.get());
  EXPECT_EQ(member_int(s, "sequence_missing"), 0);
  EXPECT_EQ(member_int(s, "sequence_errors"), 0);
  EXPECT_EQ(member_int(s, "timestamp_errors"), 0);
  EXPECT_NEAR(member_double(s, "frequency_hz"), 440, 5);
  EXPECT_EQ(unexpected_errors_, 0);
}

// Long heartbeat intervals (Discord's is 41.25 s) run on GLib's grouped second timers, set a
// second short: every heartbeat must still arrive within the interval.
TEST_F(VoiceSinkTest, HeartbeatsWithALongIntervalArriveWithinIt) {
  VoiceServerProcess server({"--heartbeat-interval", "2000"});
  build();
  set_credentials(server.ws_url());
  play();
  ASSERT_TRUE(server.wait_event("identify"));
  for (int i = 1; i <= 2; ++i) EXPECT_TRUE(server.wait_event("heartbeat", 2000)) << "beat " << i;
}

TEST_F(VoiceSinkTest, WithoutCredentialsTheSinkTakesNoAudio) {
  build();
  play();
  g_usleep(300000);
  GstQuery* q = gst_query_new_position(GST_FORMAT_TIME);
  gint64 position = -1;
  GstPad* pad = gst_element_get_static_pad(sink_.get(), "sink");
  // How far upstream got: a ring of 200 ms at most, not 300 ms of free running.
  if (gst_pad_peer_query(pad, q)) gst_query_parse_position(q, nullptr, &position);
  gst_query_unref(q);
  gst_object_unref(pad);
  EXPECT_EQ(counter("frames-sent"), 0u);
  gboolean connected = TRUE;
  g_object_get(sink_.get(), "connected", &connected, nullptr);
  EXPECT_FALSE(connected);
  gint ping = 0;
  g_object_get(sink_.get(), "ping-ms", &ping, nullptr);
  EXPECT_EQ(ping, -1);
  EXPECT_LE(position, static_cast<gint64>(260 * GST_MSECOND));
}

}  // namespace
}  // namespace lava::test

namespace lava::test {
namespace {

// Many sinks share the one pacing thread and the one gateway thread: every connection must still
// get its own continuous, correctly keyed stream.
TEST(VoiceSinkShared, TenSinksShareTheSenderWithoutLosingFrames) {
  constexpr int kSinks = 10;
  constexpr int kFrames = 50;
  VoiceServerProcess server({"--heartbeat-interval", "500"});
  std::vector<GstObjectPtr<GstElement>> pipelines;
  for (int i = 0; i < kSinks; ++i) {
    const std::string desc =
        "audiotestsrc wave=sine freq=440 volume=0.5 samplesperbuffer=960 num-buffers=" +
        std::to_string(kFrames) +
        " ! audio/x-raw,rate=48000,channels=2 ! opusenc frame-size=20 ! discordvoicesink "
        "name=sink guild-id=111 user-id=333 token=t endpoint=" +
        server.ws_url() + " session-id=s" + std::to_string(i);
    pipelines.push_back(adopt_gst(gst_parse_launch(desc.c_str(), nullptr)));
    ASSERT_TRUE(pipelines.back());
    gst_element_set_state(pipelines.back().get(), GST_STATE_PLAYING);
  }
  for (auto& p : pipelines) {
    GstObjectPtr<GstBus> bus = adopt_gst(gst_element_get_bus(p.get()));
    GstMessagePtr msg(gst_bus_timed_pop_filtered(
        bus.get(), 20 * GST_SECOND,
        static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR)));
    ASSERT_TRUE(msg);
    EXPECT_EQ(GST_MESSAGE_TYPE(msg.get()), GST_MESSAGE_EOS);
  }
  g_usleep(300000);  // the last silence frames
  // A tick whose frame was not ready (nulled, on a starved machine) sends a silence frame too.
  guint64 nulled = 0;
  for (auto& p : pipelines) {
    GstObjectPtr<GstElement> sink = adopt_gst(gst_bin_get_by_name(GST_BIN(p.get()), "sink"));
    guint64 n = 0;
    g_object_get(sink.get(), "frames-nulled", &n, nullptr);
    nulled += n;
  }
  auto report = server.report();
  JsonArray* streams = json_object_get_array_member(report.get(), "streams");
  ASSERT_EQ(json_array_get_length(streams), static_cast<guint>(kSinks));
  gint64 silence = 0;
  EXPECT_EQ(member_int(report.get(), "decrypt_failures"), 0);
  for (guint i = 0; i < kSinks; ++i) {
    JsonObject* s = json_array_get_object_element(streams, i);
    EXPECT_GE(member_int(s, "audio_frames"), kFrames);
    EXPECT_GE(member_int(s, "silence_frames"), 5);
    silence += member_int(s, "silence_frames");
    EXPECT_EQ(member_int(s, "sequence_missing"), 0);
    EXPECT_EQ(member_int(s, "sequence_errors"), 0);
    EXPECT_EQ(member_int(s, "timestamp_errors"), 0);
    EXPECT_NEAR(member_double(s, "frequency_hz"), 440, 5);
    EXPECT_NEAR(member_double(s, "mean_interval_ms"), 20, 1);
  }
  EXPECT_LE(silence, gint64(5 * kSinks + nulled));
  for (auto& p : pipelines) gst_element_set_state(p.get(), GST_STATE_NULL);
}

}  // namespace
}  // namespace lava::test
