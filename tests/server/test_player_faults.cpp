// Sources that go wrong while a track plays, and a session that ends under a playing player: the
// client gets the protocol's events, the player and the node go on, and no player is left behind.
#include <gtest/gtest.h>

#include "faulty_http_server.h"
#include "node_fixture.h"
#include "track/codec.h"
#include "voice_server_process.h"

using namespace lava::test;

namespace {

constexpr int kStuckThresholdMs = 500;

class PlayerFaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env = start_node_env("    trackStuckThresholdMs: " + std::to_string(kStuckThresholdMs) + "\n");
    voice_server = std::make_unique<VoiceServerProcess>();
  }
  static void TearDownTestSuite() {
    stop_node_env(env);
    voice_server.reset();
  }
  void SetUp() override {
    ASSERT_TRUE(env->node->running());
    ws = open_session(*env, &session);
    ASSERT_FALSE(session.empty());
    players_before = stats_players(*env);
    voice_server->clear_events();
  }
  void TearDown() override { ws.reset(); }

  std::string player_path() { return "/v4/sessions/" + session + "/players/3001"; }
  // The first eighth of the 30 s tone (a few seconds of audio), then the source stalls.
  static std::unique_ptr<FaultyHttpServer> stalling_source() {
    const std::string& tone = long_ogg_tone();
    return std::make_unique<FaultyHttpServer>(tone, tone.size() / 8);
  }
  // Plays the URL with a voice connection; returns once the voice server hears it.
  void play(const std::string& url) {
    lava::server::track::TrackInfo info;
    info.title = "faulty";
    info.identifier = url;
    info.uri = url;
    info.length = 30000;
    info.source_name = "http";
    info.probe_info = "ogg";
    rest_json(*env, "PATCH", player_path(),
              R"({"track":{"encoded":")" + lava::server::track::encode_track(info) +
                  R"("},"voice":{"token":"tok","endpoint":")" + voice_server->ws_url() +
                  R"(","sessionId":"sess","channelId":"42"}})");
    ASSERT_TRUE(ws->wait_for_op("event", "TrackStartEvent", 5000));
    auto speaking = voice_server->wait_event("speaking", 10000);
    ASSERT_TRUE(speaking);
  }

  static std::unique_ptr<NodeEnv> env;
  static std::unique_ptr<VoiceServerProcess> voice_server;
  std::unique_ptr<WsClient> ws;
  std::string session;
  std::int64_t players_before = 0;
};
std::unique_ptr<NodeEnv> PlayerFaults::env;
std::unique_ptr<VoiceServerProcess> PlayerFaults::voice_server;

}  // namespace

// lavaplayer ends a track that fails after it gave audio with FINISHED (loadFailed is for a track
// that failed before any audio: BadInputLeaksNothing in test_players.cpp).
TEST_F(PlayerFaults, SourceDyingMidStreamIsAnExceptionThenFinished) {
  auto source = stalling_source();
  play(source->url("/dies.ogg"));
  source->die();
  auto ex = ws->wait_for_op("event", "TrackExceptionEvent", 10000);
  ASSERT_TRUE(ex);
  EXPECT_EQ(string_at(ex.get(), "guildId"), "3001");
  EXPECT_EQ(string_at(ex.get(), "exception.severity"), "fault");
  EXPECT_FALSE(string_at(ex.get(), "exception.cause").empty());
  auto end = ws->wait_for_op("event", "TrackEndEvent", 5000);
  ASSERT_TRUE(end);
  EXPECT_EQ(string_at(end.get(), "reason"), "finished");
  // The player stays, without a track, and plays the next one.
  auto p = rest_json(*env, "GET", player_path());
  EXPECT_EQ(string_at(p.get(), "track"), "");
  EXPECT_EQ(stats_players(*env), players_before + 1);
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
  EXPECT_EQ(stats_players(*env), players_before);
}

TEST_F(PlayerFaults, StalledSourceIsATrackStuck) {
  auto source = stalling_source();
  play(source->url("/stalls.ogg"));
  auto stuck = ws->wait_for_op("event", "TrackStuckEvent", 10000);
  ASSERT_TRUE(stuck);
  EXPECT_EQ(string_at(stuck.get(), "guildId"), "3001");
  EXPECT_EQ(int_at(stuck.get(), "thresholdMs"), kStuckThresholdMs);
  EXPECT_EQ(string_at(stuck.get(), "track.info.uri"), source->url("/stalls.ogg"));
  // The stalled source does not hold the player up.
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
  EXPECT_TRUE(voice_server->wait_event("closed", 5000));
  EXPECT_EQ(stats_players(*env), players_before);
}

// A resumable session nobody resumes ends after its timeout with its players (and their voice
// connections); none is leaked.
TEST_F(PlayerFaults, ExpiredSessionTakesItsPlayersAlong) {
  rest_json(*env, "PATCH", "/v4/sessions/" + session, R"({"resuming":true,"timeout":1})");
  play(env->media->url("/long.ogg"));
  EXPECT_EQ(stats_players(*env), players_before + 1);
  ws->close();
  ws.reset();
  // Still there while it may be resumed...
  EXPECT_EQ(stats_players(*env), players_before + 1);
  // ... and gone with its voice connection after the timeout.
  EXPECT_TRUE(voice_server->wait_event("closed", 5000));
  EXPECT_EQ(stats_players(*env), players_before);
  EXPECT_EQ(rest(*env, "GET", "/v4/sessions/" + session + "/players").status, 404u);
}
