// Faults between the node and its peers while players play into the voice test server: the
// voice server closes with each class of close code, drops UDP, stops answering heartbeats; the
// client's WebSocket drops with resuming on and off. Each gets what Lavalink does (a resume
// nobody hears of, or WebSocketClosedEvent; queued events, or the session's end), and afterwards
// the node's players, descriptors and threads are back where they were.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "node_fixture.h"
#include "proc_stats.h"
#include "voice_server_process.h"

using namespace lava::test;

namespace {

constexpr const char* kGuild = "5150";

gint64 member_int(JsonObject* o, const char* name) {
  return o ? json_object_get_int_member_with_default(o, name, -1) : -1;
}

class VoiceFaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env = start_node_env("    playerUpdateInterval: 1\n");
    // 100 ms heartbeats: a silent server is noticed within a few tenths of a second.
    voice = std::make_unique<VoiceServerProcess>(
        std::vector<std::string>{"--heartbeat-interval", "100"});
    // Warm-up, so that the baseline has the threads and allocations a first player leaves
    // for good (GStreamer's and GLib's pools, the voice gateway thread).
    std::string session;
    auto ws = open_session(*env, &session);
    const std::string track = load_encoded(*env, env->media->url("/long.ogg"));
    rest_json(*env, "PATCH", "/v4/sessions/" + session + "/players/1",
              R"({"track":{"encoded":")" + track + R"("},"voice":{"token":"t","endpoint":")" +
                  voice->ws_url() + R"(","sessionId":"warm","channelId":"42"}})");
    voice->wait_event("speaking", 10000);
    rest(*env, "DELETE", "/v4/sessions/" + session + "/players/1");
    voice->wait_event("closed", 5000);
    ws.reset();
    // Settled: the same twice, half a second apart.
    baseline = read_proc_stats(env->node->pid());
    for (ProcStats prev{}; prev.fds != baseline.fds || prev.threads != baseline.threads;) {
      prev = baseline;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      baseline = read_proc_stats(env->node->pid());
    }
    baseline_players = stats_players(*env);
  }
  static void TearDownTestSuite() {
    stop_node_env(env);
    voice.reset();
  }
  void SetUp() override {
    ASSERT_TRUE(env->node->running());
    ws = open_session(*env, &session);
    ASSERT_FALSE(session.empty());
    tone = load_encoded(*env, env->media->url("/long.ogg"));
    ASSERT_FALSE(tone.empty());
    voice->command("acks on");
    voice->command("udp on");
    voice->clear_events();
  }
  void TearDown() override {
    if (env->node->running()) rest(*env, "DELETE", player_path());
    ws.reset();
    if (!HasFailure()) expect_back_to_baseline();
  }

  std::string player_path() { return "/v4/sessions/" + session + "/players/" + kGuild; }
  std::string voice_json(const std::string& token = "tok") {
    return R"("voice":{"token":")" + token + R"(","endpoint":")" + voice->ws_url() +
           R"(","sessionId":"sess","channelId":"42"})";
  }
  // Plays the 30 s tone into a voice connection; returns once the voice server hears it.
  void play() {
    rest_json(*env, "PATCH", player_path(),
              R"({"track":{"encoded":")" + tone + R"("},)" + voice_json() + "}");
    ASSERT_TRUE(ws->wait_for_op("event", "TrackStartEvent", 5000));
    ASSERT_TRUE(voice->wait_event("speaking", 10000));
  }
  // Audio frames the voice server has had from the player so far (all its connections).
  gint64 frames_heard() {
    auto r = voice->report();
    JsonArray* streams = json_object_get_array_member(r.get(), "streams");
    gint64 n = 0;
    for (guint i = 0; streams && i < json_array_get_length(streams); ++i)
      n += member_int(json_array_get_object_element(streams, i), "audio_frames");
    return n;
  }
  // True once the voice server hears `frames` more audio frames than `since`.
  bool hears_more(gint64 since, gint64 frames = 25) {
    for (int i = 0; i < 100; ++i) {
      if (frames_heard() >= since + frames) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  lava::JsonNodePtr closed_event(int timeout_ms) {
    return ws->wait_for_op("event", "WebSocketClosedEvent", timeout_ms);
  }
  // The player still has its track, unpaused, as a Lavalink player does after a voice close.
  void expect_track_kept() {
    auto p = rest_json(*env, "GET", player_path());
    EXPECT_EQ(string_at(p.get(), "track.encoded"), tone);
    EXPECT_FALSE(bool_at(p.get(), "paused"));
  }
  // What a bot does after a voice close it cannot resume from: joins again, with the new token of
  // Discord's next VOICE_SERVER_UPDATE.
  void rejoin() {
    voice->clear_events();
    const std::string token = "tok-" + std::to_string(++rejoins);
    rest_json(*env, "PATCH", player_path(), "{" + voice_json(token) + "}");
    auto identify = voice->wait_event("identify", 5000);
    ASSERT_TRUE(identify);
    EXPECT_EQ(std::string(json_object_get_string_member(identify.get(), "token")), token);
    EXPECT_TRUE(hears_more(frames_heard()));
  }

  ProcStats settled(ProcStats target) {
    ProcStats s = read_proc_stats(env->node->pid());
    for (int i = 0; i < 50 && (s.fds > target.fds || s.threads > target.threads); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      s = read_proc_stats(env->node->pid());
    }
    return s;
  }
  void expect_back_to_baseline() {
    for (int i = 0; i < 50 && stats_players(*env) != baseline_players; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(stats_players(*env), baseline_players);
    const ProcStats after = settled(baseline);
    EXPECT_LE(after.fds, baseline.fds);
    EXPECT_LE(after.threads, baseline.threads);
    std::cout << "node fds " << baseline.fds << " -> " << after.fds << ", threads "
              << baseline.threads << " -> " << after.threads << "\n";
  }

  static std::unique_ptr<NodeEnv> env;
  static std::unique_ptr<VoiceServerProcess> voice;
  // With no session open and no player.
  static ProcStats baseline;
  static std::int64_t baseline_players;
  std::unique_ptr<WsClient> ws;
  std::string session, tone;
  int rejoins = 0;
};
std::unique_ptr<NodeEnv> VoiceFaults::env;
std::unique_ptr<VoiceServerProcess> VoiceFaults::voice;
ProcStats VoiceFaults::baseline;
std::int64_t VoiceFaults::baseline_players = 0;

}  // namespace

// 4015 (voice server crashed) and a connection that just ends (1006): the sink resumes the
// session and the audio goes on; as in Lavalink (koe), the client hears nothing of it.
TEST_F(VoiceFaults, ResumableClosesAreResumedSilently) {
  play();
  const ProcStats playing = read_proc_stats(env->node->pid());
  for (const char* fault :
       {"close 4015 Voice server crashed", "drop", "close 4015 again", "drop"}) {
    SCOPED_TRACE(fault);
    voice->clear_events();
    voice->command(fault);
    auto resume = voice->wait_event("resume", 5000);
    ASSERT_TRUE(resume);
    EXPECT_EQ(std::string(json_object_get_string_member(resume.get(), "session_id")), "sess");
    EXPECT_TRUE(hears_more(frames_heard()));
  }
  EXPECT_FALSE(closed_event(300));
  EXPECT_FALSE(voice->wait_event("identify", 0));
  expect_track_kept();
  // A resumed connection leaves nothing behind while the player lives on.
  const ProcStats resumed = settled(playing);
  EXPECT_LE(resumed.fds, playing.fds);
  EXPECT_LE(resumed.threads, playing.threads);
}

// 4006 (session no longer valid) is reported; the sink identifies again by itself and the track
// plays on.
TEST_F(VoiceFaults, InvalidSessionIsReportedAndIdentifiedAgain) {
  play();
  voice->command("close 4006 Session no longer valid");
  auto ev = closed_event(5000);
  ASSERT_TRUE(ev);
  EXPECT_EQ(string_at(ev.get(), "guildId"), kGuild);
  EXPECT_EQ(int_at(ev.get(), "code"), 4006);
  EXPECT_EQ(string_at(ev.get(), "reason"), "Session no longer valid");
  EXPECT_TRUE(bool_at(ev.get(), "byRemote"));
  ASSERT_TRUE(voice->wait_event("identify", 5000));
  EXPECT_TRUE(hears_more(frames_heard()));
  expect_track_kept();
}

// 4014 (disconnected: kicked, channel gone) and 4004 (authentication failed) end the voice
// connection for good: reported, the track stays, and a new voice state brings it back.
TEST_F(VoiceFaults, FatalClosesAreReportedAndTheTrackWaitsForNewVoice) {
  play();
  for (const int code : {4014, 4004}) {
    SCOPED_TRACE(code);
    voice->clear_events();
    voice->command("close " + std::to_string(code) + " gone");
    auto ev = closed_event(5000);
    ASSERT_TRUE(ev);
    EXPECT_EQ(int_at(ev.get(), "code"), code);
    EXPECT_TRUE(bool_at(ev.get(), "byRemote"));
    EXPECT_FALSE(voice->wait_event("identify", 500)) << "the sink must not try again";
    EXPECT_FALSE(bool_at(rest_json(*env, "GET", player_path()).get(), "state.connected"));
    expect_track_kept();
    rejoin();
  }
}

// UDP is lost for a second: the voice connection stays, the RTP stream runs on with a hole the
// size of the loss (sequence and timestamps keep counting), nothing is reported or stuck.
TEST_F(VoiceFaults, UdpLossLeavesAnHonestHole) {
  play();
  ASSERT_TRUE(hears_more(frames_heard()));
  voice->command("reset");
  voice->command("udp off");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  voice->command("udp on");
  // The newest stream is this test's (the voice server keeps those of earlier tests).
  auto r = voice->report_when(
      [](JsonObject* r) { return member_int(last_stream(r), "audio_frames") >= 25; }, 5000);
  JsonObject* s = last_stream(r.get());
  ASSERT_TRUE(s);
  // 50 frames a second were sent into the void (give or take scheduling on a loaded machine).
  EXPECT_GE(member_int(s, "sequence_missing"), 25);
  EXPECT_LE(member_int(s, "sequence_missing"), 100);
  EXPECT_EQ(member_int(s, "sequence_errors"), 0);
  EXPECT_EQ(member_int(s, "timestamp_errors"), 0);
  EXPECT_EQ(member_int(s, "decode_failures"), 0);
  EXPECT_FALSE(closed_event(100));
  EXPECT_FALSE(ws->wait_for_op("event", "TrackStuckEvent", 100));
  EXPECT_TRUE(bool_at(rest_json(*env, "GET", player_path()).get(), "state.connected"));
}

// The voice server stops answering heartbeats: the sink notices, resumes (silently), and when
// the resumed connections stay silent too it gives up and the client gets WebSocketClosedEvent.
TEST_F(VoiceFaults, SilentHeartbeatsAreResumedThenReported) {
  play();
  voice->command("acks off");
  ASSERT_TRUE(voice->wait_event("resume", 5000));
  EXPECT_FALSE(closed_event(0));
  auto ev = closed_event(15000);
  ASSERT_TRUE(ev);
  EXPECT_EQ(int_at(ev.get(), "code"), 4000);
  EXPECT_FALSE(bool_at(ev.get(), "byRemote"));
  EXPECT_FALSE(ws->wait_for_op("event", "TrackExceptionEvent", 0));
  expect_track_kept();
  voice->command("acks on");
  rejoin();
}

// Resuming on: while the client is away its player keeps playing into voice and its events
// queue up; on resume they arrive in the order they happened.
TEST_F(VoiceFaults, DroppedClientWithResumingKeepsPlayingAndGetsEventsInOrder) {
  rest_json(*env, "PATCH", "/v4/sessions/" + session, R"({"resuming":true,"timeout":10})");
  play();
  ws->close();
  ws.reset();
  const gint64 heard = frames_heard();
  EXPECT_TRUE(hears_more(heard, 50)) << "the player stopped with its client";
  rest_json(*env, "PATCH", player_path(), R"({"track":{"encoded":")" + tone + R"("}})");
  rest_json(*env, "PATCH", player_path(), R"({"paused":true})");
  rest_json(*env, "PATCH", player_path(), R"({"track":{"encoded":null}})");
  ws = std::make_unique<WsClient>(
      env->node->port(),
      std::map<std::string, std::string>{
          {"Authorization", kPassword}, {"User-Id", "1"}, {"Session-Id", session}});
  ASSERT_TRUE(ws->ok());
  auto ready = ws->wait_for_op("ready", "", 3000);
  ASSERT_TRUE(ready);
  EXPECT_TRUE(bool_at(ready.get(), "resumed"));
  std::vector<std::string> events;
  while (auto e = ws->wait_for_op("event", "", 1000)) {
    auto type = string_at(e.get(), "type");
    events.push_back(type == "TrackEndEvent" ? type + ":" + string_at(e.get(), "reason") : type);
  }
  EXPECT_EQ(events, (std::vector<std::string>{"TrackEndEvent:replaced", "TrackStartEvent",
                                              "TrackEndEvent:stopped"}));
  EXPECT_FALSE(voice->wait_event("closed", 0));
}

// Resuming off: the client's socket drops, and its session goes with its players and their
// voice connections.
TEST_F(VoiceFaults, DroppedClientWithoutResumingTakesItsPlayersAlong) {
  play();
  EXPECT_EQ(stats_players(*env), baseline_players + 1);
  ws->close();
  ws.reset();
  EXPECT_TRUE(voice->wait_event("closed", 5000));
  for (int i = 0; i < 50 && stats_players(*env) != baseline_players; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(stats_players(*env), baseline_players);
  EXPECT_EQ(rest(*env, "GET", "/v4/sessions/" + session + "/players").status, 404u);
}
