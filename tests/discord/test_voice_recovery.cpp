// discordvoicesink when things go wrong: closes, credential changes, dead heartbeats, garbage,
// and wss:// against a test CA.
#include <gtest/gtest.h>

#include <glib/gstdio.h>

#include "lava_config.h"
#include "voice_sink_fixture.h"

namespace lava::test {
namespace {

class VoiceRecoveryTest : public VoiceSinkTest {
 protected:
  void start(VoiceServerProcess& server, guint64 frames = 10) {
    build();
    set_credentials(server.ws_url());
    play();
    wait_connected();
    ASSERT_TRUE(wait_frames_sent(frames));
  }

  void expect_closed(int code, bool by_remote) {
    auto closed = wait_message(GST_MESSAGE_ELEMENT, "discordvoice-closed");
    ASSERT_TRUE(closed);
    const GstStructure* s = gst_message_get_structure(closed.get());
    gint got = 0;
    gboolean remote = !by_remote;
    gst_structure_get_int(s, "code", &got);
    gst_structure_get_boolean(s, "by-remote", &remote);
    EXPECT_EQ(got, code);
    EXPECT_EQ(remote, by_remote);
    EXPECT_TRUE(gst_structure_has_field_typed(s, "reason", G_TYPE_STRING));
  }

  void expect_error_mentioning(const std::string& text) {
    auto error = wait_message(GST_MESSAGE_ERROR);
    ASSERT_TRUE(error);
    GError* err = nullptr;
    gchar* debug = nullptr;
    gst_message_parse_error(error.get(), &err, &debug);
    EXPECT_NE(std::string(debug).find(text), std::string::npos) << debug;
    g_error_free(err);
    g_free(debug);
  }
};

TEST_F(VoiceRecoveryTest, ResumesAfterResumableCloseAndSequenceContinues) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  start(server);
  server.command("close 4015 voice server crashed");
  expect_closed(4015, true);
  auto resume = server.wait_event("resume");
  ASSERT_TRUE(resume);
  EXPECT_STREQ(json_object_get_string_member(resume.get(), "session_id"), "session-1");
  EXPECT_GT(member_int(resume.get(), "seq_ack"), 0);
  wait_connected();
  const guint64 sent = counter("frames-sent");
  ASSERT_TRUE(wait_frames_sent(sent + 25));
  auto report = server.report();
  EXPECT_EQ(member_int(report.get(), "identifies"), 1);
  EXPECT_EQ(member_int(report.get(), "resumes"), 1);
  JsonObject* s = first_stream(report.get());
  // No more than 2 s (100 frames) missing; the UDP session outlives the gateway connection.
  EXPECT_LE(member_int(s, "sequence_missing"), 100);
  EXPECT_EQ(member_int(s, "sequence_errors"), 0);
  EXPECT_LT(member_double(s, "max_gap_ms"), 2000);
  EXPECT_EQ(unexpected_errors_, 0);
}

// The network drops every datagram for a while (issue #7): the sink neither notices nor stops, so
// its RTP sequence and timestamps run on through the hole, and the receiver hears the tone again.
TEST_F(VoiceRecoveryTest, UdpDropLeavesAHoleButSequenceAndTimestampsRunOn) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  start(server, 25);
  server.command("udp off");
  ASSERT_TRUE(server.wait_event("ok"));
  const guint64 dropped_from = counter("frames-sent");
  ASSERT_TRUE(wait_frames_sent(dropped_from + 10));
  auto during = server.report();
  server.command("udp on");
  ASSERT_TRUE(server.wait_event("ok"));
  const guint64 heard_from = counter("frames-sent");
  ASSERT_TRUE(wait_frames_sent(heard_from + 25));
  auto report = server.report_when([&](JsonObject* r) {
    return member_int(first_stream(r), "audio_frames") >=
           member_int(first_stream(during.get()), "audio_frames") + 25;
  });
  JsonObject* s = first_stream(report.get());
  ASSERT_TRUE(s);
  // The hole: at least the ten frames sent while UDP was off, at most everything in between.
  EXPECT_GE(member_int(s, "sequence_missing"), 10);
  EXPECT_LE(member_int(s, "sequence_missing"), static_cast<gint64>(heard_from - dropped_from) + 2);
  EXPECT_EQ(member_int(s, "sequence_errors"), 0);
  EXPECT_EQ(member_int(s, "timestamp_errors"), 0);  // the timestamp jumped with the sequence
  EXPECT_EQ(member_int(s, "decode_failures"), 0);
  EXPECT_NEAR(member_double(s, "frequency_hz"), 440, 5);
  EXPECT_EQ(member_int(report.get(), "identifies"), 1);
  EXPECT_EQ(member_int(report.get(), "resumes"), 0);
  EXPECT_EQ(unexpected_errors_, 0);
}

// A connection with nothing to send keeps its UDP path alive as @discordjs/voice does: an 8-byte
// keep-alive at once, then every 5 s, which the voice server echoes.
TEST_F(VoiceRecoveryTest, IdleConnectionSendsUdpKeepAlive) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  build();
  set_credentials(server.ws_url());
  ASSERT_NE(gst_element_set_state(pipeline_.get(), GST_STATE_PAUSED), GST_STATE_CHANGE_FAILURE);
  wait_connected();
  auto report = server.report_when([](JsonObject* r) { return member_int(r, "keepalives") >= 1; });
  EXPECT_EQ(member_int(report.get(), "keepalives"), 1);
  EXPECT_EQ(member_int(report.get(), "unknown_packets"), 0);
  EXPECT_EQ(counter("frames-sent"), 0u);
}

TEST_F(VoiceRecoveryTest, IdentifiesAgainAfterSessionInvalidClose) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  start(server);
  server.command("close 4006 session no longer valid");
  expect_closed(4006, true);
  ASSERT_TRUE(server.wait_event("identify"));
  ASSERT_TRUE(server.wait_event("identify")) << "no second Identify";
  wait_connected();
  const guint64 sent = counter("frames-sent");
  ASSERT_TRUE(wait_frames_sent(sent + 25));
  auto report = server.report();
  EXPECT_EQ(member_int(report.get(), "identifies"), 2);
  EXPECT_EQ(member_int(report.get(), "resumes"), 0);
  JsonObject* s = last_stream(report.get());
  EXPECT_GE(member_int(s, "audio_frames"), 20);
  EXPECT_NEAR(member_double(s, "frequency_hz"), 440, 5);
  EXPECT_EQ(unexpected_errors_, 0);
}

TEST_F(VoiceRecoveryTest, GivesUpOnDisconnectedClose) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  start(server);
  server.command("close 4014 disconnected");
  expect_closed(4014, true);
  g_usleep(500000);
  auto report = server.report();
  EXPECT_EQ(member_int(report.get(), "identifies"), 1);
  EXPECT_EQ(member_int(report.get(), "resumes"), 0);
  gboolean connected = TRUE;
  g_object_get(sink_.get(), "connected", &connected, nullptr);
  EXPECT_FALSE(connected);
}

TEST_F(VoiceRecoveryTest, CredentialChangeWhilePlayingReconnects) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  start(server);
  ASSERT_TRUE(server.wait_event("identify"));
  g_object_set(sink_.get(), "session-id", "session-2", "token", "token-2", nullptr);
  auto second = server.wait_event("identify");
  ASSERT_TRUE(second);
  EXPECT_STREQ(json_object_get_string_member(second.get(), "session_id"), "session-2");
  EXPECT_STREQ(json_object_get_string_member(second.get(), "token"), "token-2");
  wait_connected();
  const guint64 sent = counter("frames-sent");
  ASSERT_TRUE(wait_frames_sent(sent + 25));
  GstState state = GST_STATE_NULL;
  gst_element_get_state(pipeline_.get(), &state, nullptr, 0);
  EXPECT_EQ(state, GST_STATE_PLAYING);
  auto report = server.report();
  EXPECT_EQ(member_int(report.get(), "identifies"), 2);
  EXPECT_GE(member_int(last_stream(report.get()), "audio_frames"), 20);
  EXPECT_EQ(unexpected_errors_, 0);
}

TEST_F(VoiceRecoveryTest, DetectsHeartbeatTimeoutAndResumes) {
  VoiceServerProcess server({"--heartbeat-interval", "100"});
  start(server);
  server.command("acks off");
  expect_closed(4000, false);
  server.command("acks on");
  ASSERT_TRUE(server.wait_event("resume"));
  wait_connected();
}

TEST_F(VoiceRecoveryTest, MalformedJsonIsABusError) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  start(server);
  server.command("send {this is not json");
  expect_error_mentioning("malformed JSON");
}

TEST_F(VoiceRecoveryTest, UnknownOpcodeIsABusError) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  start(server);
  server.command(R"(send {"op":99,"d":{}})");
  expect_error_mentioning("unknown opcode 99");
}

TEST_F(VoiceRecoveryTest, UndocumentedDiscordOpcodesAreIgnored) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  start(server);
  // Discord sends op 18 (client flags) and op 20 (client platform) without documenting them.
  server.command(R"(send {"op":18,"d":{"user_id":"444","flags":0}})");
  server.command(R"(send {"op":20,"d":{"user_id":"444","platform":0}})");
  const guint64 sent = counter("frames-sent");
  EXPECT_TRUE(wait_frames_sent(sent + 10)) << "audio keeps flowing";
  EXPECT_FALSE(wait_message(GST_MESSAGE_ERROR, nullptr, 100));
  EXPECT_FALSE(wait_message(GST_MESSAGE_WARNING, nullptr, 100));
}

TEST_F(VoiceRecoveryTest, TruncatedDiscoveryReplyIsABusError) {
  VoiceServerProcess server({"--heartbeat-interval", "200"});
  server.command("truncate-discovery on");
  ASSERT_TRUE(server.wait_event("ok"));
  build();
  set_credentials(server.ws_url());
  play();
  auto error = wait_message(GST_MESSAGE_ERROR);
  ASSERT_TRUE(error);
  EXPECT_EQ(counter("frames-sent"), 0u);
}

TEST_F(VoiceRecoveryTest, RemoteWsEndpointIsRefused) {
  build();
  set_credentials("ws://192.0.2.1:80");
  play();
  ASSERT_TRUE(wait_message(GST_MESSAGE_ERROR));
}

class VoiceTlsTest : public VoiceRecoveryTest {
 protected:
  void SetUp() override {
    dir_ = GCharPtr(g_dir_make_tmp("lava-voice-tls-XXXXXX", nullptr));
    const std::string script =
        std::string(LAVA_SOURCE_ROOT) + "/tests/voice-server/make-test-certs.sh";
    const std::string cmd = script + " " + dir_.get();
    ASSERT_EQ(system(cmd.c_str()), 0);
  }
  void TearDown() override {
    VoiceRecoveryTest::TearDown();
    const std::string cmd = std::string("rm -rf ") + dir_.get();
    ASSERT_EQ(system(cmd.c_str()), 0);
  }
  std::string file(const char* name) { return std::string(dir_.get()) + "/" + name; }
  GCharPtr dir_;
};

TEST_F(VoiceTlsTest, BareEndpointUsesWssAndTrustsOnlyTheGivenCa) {
  VoiceServerProcess server({"--tls-cert", file("server.pem"), "--tls-key", file("server.key")});
  build();
  g_object_set(sink_.get(), "tls-ca-file", file("ca.pem").c_str(), nullptr);
  set_credentials("127.0.0.1:" + std::to_string(server.port()));
  play();
  wait_connected();
  EXPECT_TRUE(wait_frames_sent(10));
}

TEST_F(VoiceTlsTest, UntrustedCertificateNeverConnects) {
  VoiceServerProcess server({"--tls-cert", file("server.pem"), "--tls-key", file("server.key")});
  build();
  set_credentials("127.0.0.1:" + std::to_string(server.port()));
  play();
  auto closed = wait_message(GST_MESSAGE_ELEMENT, "discordvoice-closed");
  ASSERT_TRUE(closed);
  EXPECT_FALSE(server.wait_event("identify", 500));
  EXPECT_EQ(counter("frames-sent"), 0u);
}

}  // namespace
}  // namespace lava::test
