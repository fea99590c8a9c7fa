// End to end: a real lavalink-gst plays an HTTP track into a real voice connection (the voice
// test server on loopback), and the server hears it; pause, stats and DELETE follow through.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "node_fixture.h"
#include "voice_server_process.h"

using namespace lava::test;

namespace {

gint64 member_int(JsonObject* o, const char* name) {
  return o ? json_object_get_int_member_with_default(o, name, -1) : -1;
}

double member_double(JsonObject* o, const char* name) {
  return o ? json_object_get_double_member_with_default(o, name, -1) : -1;
}

class VoiceEndToEnd : public ::testing::Test {
 protected:
  explicit VoiceEndToEnd(const std::vector<std::string>& voice_args = {"--heartbeat-interval",
                                                                       "500"})
      : voice(voice_args) {}
  void SetUp() override {
    env = start_node_env("    playerUpdateInterval: 1\n", "  statsIntervalSeconds: 1\n");
    ASSERT_TRUE(env->node->running());
    ws = open_session(*env, &session);
    tone = load_encoded(*env, env->media->url("/long.ogg"));
    ASSERT_FALSE(tone.empty());
  }
  void TearDown() override {
    ws.reset();
    stop_node_env(env);
  }
  std::string player_path() { return "/v4/sessions/" + session + "/players/4242"; }
  std::string voice_json() {
    return R"("voice":{"token":"tok-1","endpoint":")" + voice.ws_url() +
           R"(","sessionId":"sess-1","channelId":"77"})";
  }

  VoiceServerProcess voice;
  std::unique_ptr<NodeEnv> env;
  std::unique_ptr<WsClient> ws;
  std::string session;
  std::string tone;
};

TEST_F(VoiceEndToEnd, TrackIsHeardPausedAndClosedOnDelete) {
  rest_json(*env, "PATCH", player_path(),
            R"({"track":{"encoded":")" + tone + R"("},)" + voice_json() + "}");
  ASSERT_TRUE(ws->wait_for_op("event", "TrackStartEvent", 5000));
  auto identify = voice.wait_event("identify", 10000);
  ASSERT_TRUE(identify);
  // The node identifies with the guild from the path and the bot from the User-Id header.
  auto field = [&](const char* name) {
    return std::string(json_object_get_string_member_with_default(identify.get(), name, ""));
  };
  EXPECT_EQ(field("guild_id"), "4242");
  EXPECT_EQ(field("user_id"), "170939974227541168");
  EXPECT_EQ(field("session_id"), "sess-1");
  EXPECT_EQ(field("token"), "tok-1");
  auto speaking = voice.wait_event("speaking", 10000);
  ASSERT_TRUE(speaking);
  EXPECT_EQ(member_int(speaking.get(), "speaking"), 1);

  // Two seconds of audio, then the player is connected with a ping.
  auto u = ws->wait_for(
      [](JsonObject* o) {
        if (std::string(json_object_get_string_member_with_default(o, "op", "")) != "playerUpdate")
          return false;
        JsonObject* s = json_object_get_object_member(o, "state");
        return s && json_object_get_int_member_with_default(s, "position", 0) >= 2000;
      },
      8000);
  ASSERT_TRUE(u);
  auto player = rest_json(*env, "GET", player_path());
  EXPECT_TRUE(bool_at(player.get(), "state.connected"));
  EXPECT_GE(int_at(player.get(), "state.ping"), 0);
  auto heard = voice.report();
  JsonObject* s = first_stream(heard.get());
  ASSERT_TRUE(s);
  EXPECT_EQ(member_int(heard.get(), "decrypt_failures"), 0);
  EXPECT_EQ(member_int(s, "decode_failures"), 0);
  EXPECT_EQ(member_int(s, "sequence_missing"), 0);
  EXPECT_EQ(member_int(s, "sequence_errors"), 0);
  EXPECT_EQ(member_int(s, "timestamp_errors"), 0);
  EXPECT_GE(member_int(s, "audio_frames"), 90);
  EXPECT_NEAR(member_double(s, "frequency_hz"), 440, 5);
  EXPECT_LT(member_double(s, "max_gap_ms"), 100);

  // After a seek the position counts from the target once the ring's old frames are flushed: it
  // never runs ahead by the frames that were queued before the seek (up to bufferDurationMs).
  // A local file here; HttpOggSeeksKeepPlaying seeks over HTTP.
  const std::string local = env->local_root + "/long.ogg";
  ASSERT_TRUE(g_file_set_contents(local.c_str(), long_ogg_tone().data(),
                                  static_cast<gssize>(long_ogg_tone().size()), nullptr));
  rest_json(*env, "PATCH", player_path(),
            R"({"track":{"encoded":")" + load_encoded(*env, local) + R"("},"position":10000})");
  ASSERT_TRUE(ws->wait_for_op("event", "TrackStartEvent", 5000));
  voice.report_when([](JsonObject* r) { return member_int(first_stream(r), "audio_frames") >= 5; },
                    5000);
  rest_json(*env, "PATCH", player_path(), R"({"position":10000})");
  voice.command("reset");
  auto sought = voice.report_when(
      [](JsonObject* r) { return member_int(first_stream(r), "audio_frames") >= 25; }, 5000);
  const auto ahead = int_at(rest_json(*env, "GET", player_path()).get(), "state.position") - 10000;
  EXPECT_LE(ahead, 20 * member_int(first_stream(sought.get()), "audio_frames") + 40);
  EXPECT_GE(ahead, 0);

  // Pause: five silence frames, then Speaking 0, and the position stands still.
  voice.command("reset");
  rest_json(*env, "PATCH", player_path(), R"({"paused":true})");
  auto off = voice.wait_event("speaking", 3000);
  ASSERT_TRUE(off);
  EXPECT_EQ(member_int(off.get(), "speaking"), 0);
  g_usleep(200000);
  auto paused = voice.report();
  EXPECT_EQ(member_int(first_stream(paused.get()), "trailing_silence"), 5);
  EXPECT_EQ(member_int(first_stream(paused.get()), "silence_frames"), 5);

  // The stats count this player's real frames.
  auto stats = rest_json(*env, "GET", "/v4/stats");
  EXPECT_EQ(int_at(stats.get(), "players"), 1);

  // DELETE closes the voice connection and leaves no player behind.
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
  auto closed = voice.wait_event("closed", 5000);
  EXPECT_TRUE(closed);
  EXPECT_EQ(stats_players(*env), 0);
}

// What the voice server hears from now on: counters reset after the ring (bufferDurationMs, 400
// ms by default) has let out the audio from before, then a second of audio.
lava::JsonObjectPtr hear_next_second(VoiceServerProcess& voice) {
  g_usleep(600000);
  voice.command("reset");
  return voice.report_when(
      [](JsonObject* r) { return member_int(first_stream(r), "audio_frames") >= 50; }, 5000);
}

TEST_F(VoiceEndToEnd, FiltersAreHeardAndTheConnectionOutlivesTracks) {
  rest_json(*env, "PATCH", player_path(),
            R"({"track":{"encoded":")" + tone + R"("},)" + voice_json() + "}");
  ASSERT_TRUE(voice.wait_event("identify", 10000));
  ASSERT_TRUE(voice.wait_event("speaking", 10000));
  auto plain = hear_next_second(voice);
  const double plain_dbfs = member_double(first_stream(plain.get()), "rms_dbfs");
  EXPECT_NEAR(member_double(first_stream(plain.get()), "frequency_hz"), 440, 5);

  // filters.volume 0.2 is Lavalink's gain tan(0.79 × 0.2), 16 dB down; the tone stays where it
  // was.
  rest_json(*env, "PATCH", player_path(), R"({"filters":{"volume":0.2}})");
  auto quiet = hear_next_second(voice);
  EXPECT_NEAR(member_double(first_stream(quiet.get()), "rms_dbfs") - plain_dbfs,
              20 * std::log10(std::tan(0.79 * 0.2)), 1.0);
  EXPECT_NEAR(member_double(first_stream(quiet.get()), "frequency_hz"), 440, 5);

  // timescale pitch 1.5 moves the tone a fifth up; the player volume is applied after it.
  rest_json(*env, "PATCH", player_path(), R"({"filters":{"timescale":{"pitch":1.5}},"volume":50})");
  auto higher = hear_next_second(voice);
  EXPECT_NEAR(member_double(first_stream(higher.get()), "frequency_hz"), 660, 8);
  EXPECT_NEAR(member_double(first_stream(higher.get()), "rms_dbfs") - plain_dbfs,
              20 * std::log10(0.5), 1.5);

  // At speed 2 the position moves 40 ms per frame sent.
  rest_json(*env, "PATCH", player_path(), R"({"filters":{"timescale":{"speed":2.0}}})");
  g_usleep(600000);
  const auto before = int_at(rest_json(*env, "GET", player_path()).get(), "state.position");
  voice.command("reset");
  auto fast = voice.report_when(
      [](JsonObject* r) { return member_int(first_stream(r), "audio_frames") >= 50; }, 5000);
  const auto after = int_at(rest_json(*env, "GET", player_path()).get(), "state.position");
  const auto frames = member_int(first_stream(fast.get()), "audio_frames");
  EXPECT_NEAR(double(after - before), 40.0 * double(frames), 100.0);

  // A new track plays on the same voice connection: no new identify, nothing closed, the same
  // RTP stream continues without a gap in its sequence numbers.
  rest_json(*env, "PATCH", player_path(),
            R"({"track":{"encoded":")" + tone + R"("},"filters":{}})");
  auto replaced = ws->wait_for_op("event", "TrackEndEvent", 5000);
  ASSERT_TRUE(replaced);
  EXPECT_EQ(string_at(replaced.get(), "reason"), "replaced");
  ASSERT_TRUE(ws->wait_for_op("event", "TrackStartEvent", 5000));
  auto next = hear_next_second(voice);
  EXPECT_NEAR(member_double(first_stream(next.get()), "frequency_hz"), 440, 5);
  EXPECT_EQ(json_array_get_length(json_object_get_array_member(next.get(), "streams")), 1u);
  EXPECT_EQ(member_int(first_stream(next.get()), "sequence_missing"), 0);
  EXPECT_EQ(member_int(first_stream(next.get()), "sequence_errors"), 0);
  EXPECT_FALSE(voice.wait_event("identify", 100));
  EXPECT_FALSE(voice.wait_event("closed", 100));
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
}

// Continuity of what the voice server heard since its last reset: every RTP packet in sequence
// with 960 timestamp steps, none undecodable, no hole in the pacing.
void expect_continuous(JsonObject* report) {
  JsonObject* s = first_stream(report);
  ASSERT_TRUE(s);
  EXPECT_EQ(member_int(report, "decrypt_failures"), 0);
  EXPECT_EQ(member_int(s, "decode_failures"), 0);
  EXPECT_EQ(member_int(s, "sequence_missing"), 0);
  EXPECT_EQ(member_int(s, "sequence_errors"), 0);
  EXPECT_EQ(member_int(s, "timestamp_errors"), 0);
  EXPECT_EQ(member_int(s, "silence_frames"), 0);
  EXPECT_LT(member_double(s, "max_gap_ms"), 60);
}

// An Ogg/Opus track is passed through while nothing changes the sound; a filter moves it to the
// transcoding chain and back, heard at once and without a gap in the RTP stream (issue #6).
TEST_F(VoiceEndToEnd, OpusPassesThroughAndFiltersSwitchWithoutAGap) {
  const std::string opus = load_encoded(*env, env->media->url("/long.opus"));
  ASSERT_FALSE(opus.empty());
  rest_json(*env, "PATCH", player_path(),
            R"({"track":{"encoded":")" + opus + R"("},)" + voice_json() + "}");
  ASSERT_TRUE(voice.wait_event("speaking", 10000));
  auto plain = hear_next_second(voice);
  expect_continuous(plain.get());
  const double plain_dbfs = member_double(first_stream(plain.get()), "rms_dbfs");
  EXPECT_NEAR(member_double(first_stream(plain.get()), "frequency_hz"), 440, 5);
  // The counters start before the change, so the check spans the switch itself.
  auto change = [&](const std::string& patch) {
    voice.command("reset");
    rest_json(*env, "PATCH", player_path(), patch);
    auto across = voice.report_when(
        [](JsonObject* r) { return member_int(first_stream(r), "audio_frames") >= 60; }, 5000);
    SCOPED_TRACE(patch);
    expect_continuous(across.get());
    return hear_next_second(voice);
  };

  auto quiet = change(R"({"filters":{"volume":0.2}})");
  EXPECT_NEAR(member_double(first_stream(quiet.get()), "rms_dbfs") - plain_dbfs,
              20 * std::log10(std::tan(0.79 * 0.2)), 1.0);
  auto half = change(R"({"filters":{},"volume":50})");
  EXPECT_NEAR(member_double(first_stream(half.get()), "rms_dbfs") - plain_dbfs,
              20 * std::log10(0.5), 1.0);
  auto again = change(R"({"volume":100})");
  EXPECT_NEAR(member_double(first_stream(again.get()), "rms_dbfs"), plain_dbfs, 0.5);
  EXPECT_NEAR(member_double(first_stream(again.get()), "frequency_hz"), 440, 5);
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
}

// Over HTTP the source is souphttpsrc itself (no download buffer in between), so oggdemux's
// push-mode seeks land where asked instead of ending the track (docs/api.md).
TEST_F(VoiceEndToEnd, HttpOggSeeksKeepPlaying) {
  rest_json(*env, "PATCH", player_path(),
            R"({"track":{"encoded":")" + tone + R"("},)" + voice_json() + "}");
  ASSERT_TRUE(voice.wait_event("speaking", 10000));
  for (const int target : {10000, 3000, 15000}) {
    voice.report_when(
        [](JsonObject* r) { return member_int(first_stream(r), "audio_frames") >= 5; }, 5000);
    rest_json(*env, "PATCH", player_path(), R"({"position":)" + std::to_string(target) + "}");
    voice.command("reset");
    auto after = voice.report_when(
        [](JsonObject* r) { return member_int(first_stream(r), "audio_frames") >= 50; }, 5000);
    EXPECT_GE(member_int(first_stream(after.get()), "audio_frames"), 50)
        << "after seek to " << target;
    EXPECT_FALSE(ws->wait_for_op("event", "TrackEndEvent", 10));
    EXPECT_GE(int_at(rest_json(*env, "GET", player_path()).get(), "state.position"), target);
  }
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
}

TEST_F(VoiceEndToEnd, VoiceServerCloseBecomesWebSocketClosedEvent) {
  rest_json(*env, "PATCH", player_path(),
            R"({"track":{"encoded":")" + tone + R"("},)" + voice_json() + "}");
  ASSERT_TRUE(voice.wait_event("speaking", 10000));
  voice.command("close 4014 Disconnected");
  auto ev = ws->wait_for_op("event", "WebSocketClosedEvent", 5000);
  ASSERT_TRUE(ev);
  EXPECT_EQ(string_at(ev.get(), "guildId"), "4242");
  EXPECT_EQ(int_at(ev.get(), "code"), 4014);
  EXPECT_EQ(string_at(ev.get(), "reason"), "Disconnected");
  EXPECT_TRUE(bool_at(ev.get(), "byRemote"));
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
}

// The player's voice.channelId reaches the sink as its DAVE group id: the voice test server's
// davey member decrypts every frame of the track (issue #8).
class VoiceEndToEndDave : public VoiceEndToEnd {
 protected:
  VoiceEndToEndDave()
      : VoiceEndToEnd({"--heartbeat-interval", "500", "--dave", "--dave-channel-id", "77"}) {}
};

TEST_F(VoiceEndToEndDave, TrackIsHeardEndToEndEncrypted) {
  rest_json(*env, "PATCH", player_path(),
            R"({"track":{"encoded":")" + tone + R"("},)" + voice_json() + "}");
  auto identify = voice.wait_event("identify", 10000);
  ASSERT_TRUE(identify);
  EXPECT_EQ(member_int(identify.get(), "max_dave_protocol_version"), 1);
  std::optional<gint64> epoch;
  while (auto e = voice.wait_event("dave_execute", 10000))
    if ((epoch = member_int(e.get(), "epoch")) == 1) break;
  ASSERT_EQ(epoch, 1);
  // A second of encrypted audio has been through the davey member.
  auto heard = voice.report_when(
      [](JsonObject* r) {
        JsonObject* s = first_stream(r);
        return s && member_int(s, "e2ee_decrypted") >= 50;
      },
      8000);
  JsonObject* s = first_stream(heard.get());
  ASSERT_TRUE(s);
  EXPECT_EQ(member_int(s, "dave_protocol_version"), 1);
  EXPECT_GE(member_int(s, "e2ee_decrypted"), 50);
  EXPECT_EQ(member_int(s, "e2ee_failures"), 0);
  EXPECT_EQ(member_int(s, "e2ee_undecryptable"), 0);
  EXPECT_EQ(member_int(s, "plain_after_e2ee"), 0);
  expect_intact_tone(s);
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
}

}  // namespace
