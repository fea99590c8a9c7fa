// Players over REST with events over the WebSocket: the whole life of a track.
#include <gtest/gtest.h>

#include "node_fixture.h"
#include "track/codec.h"
#include "voice_server_process.h"

using namespace lava::test;

namespace {

class Players : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env = start_node_env(
        "    playerUpdateInterval: 1\n    trackStuckThresholdMs: 10000\n"
        "    filters:\n      karaoke: false\n",
        "  statsIntervalSeconds: 1\n");
    voice_server = std::make_unique<VoiceServerProcess>();
  }
  static void TearDownTestSuite() {
    stop_node_env(env);
    voice_server.reset();
  }
  // Without a voice connection a track does not advance (Lavalink semantics).
  static std::string voice() {
    return R"("voice":{"token":"tok","endpoint":")" + voice_server->ws_url() +
           R"(","sessionId":"sess","channelId":"42"})";
  }
  void SetUp() override {
    ASSERT_TRUE(env->node->running());
    ws = open_session(*env, &session);
    ASSERT_EQ(session.size(), 16u);
    tone = load_encoded(*env, env->media->url("/tone.ogg"));
    ASSERT_FALSE(tone.empty());
  }
  void TearDown() override { ws.reset(); }
  std::string player_path(const std::string& guild = "1001") {
    return "/v4/sessions/" + session + "/players/" + guild;
  }
  lava::JsonNodePtr patch(const std::string& body, const std::string& guild = "1001",
                          unsigned status = 200, const std::string& query = "") {
    return rest_json(*env, "PATCH", player_path(guild) + query, body, status);
  }
  lava::JsonNodePtr event(const char* type, int timeout_ms = 8000) {
    return ws->wait_for_op("event", type, timeout_ms);
  }

  static std::unique_ptr<NodeEnv> env;
  static std::unique_ptr<VoiceServerProcess> voice_server;
  std::unique_ptr<WsClient> ws;
  std::string session;
  std::string tone;
};
std::unique_ptr<NodeEnv> Players::env;
std::unique_ptr<VoiceServerProcess> Players::voice_server;

}  // namespace

TEST_F(Players, UpgradeNeedsPasswordAndUserId) {
  WsClient no_auth(env->node->port(), {{"User-Id", "1"}});
  EXPECT_FALSE(no_auth.ok());
  EXPECT_EQ(no_auth.status(), 401u);
  WsClient no_user(env->node->port(), {{"Authorization", kPassword}});
  EXPECT_FALSE(no_user.ok());
  EXPECT_EQ(no_user.status(), 400u);
  WsClient good(env->node->port(), {{"Authorization", kPassword}, {"User-Id", "1"}});
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.response_header("Session-Resumed"), "false");
  EXPECT_EQ(good.response_header("Lavalink-Major-Version"), "4");
}

TEST_F(Players, TrackLifecycleWithEveryControl) {
  auto p = patch(R"({"track":{"encoded":")" + tone +
                 R"(","userData":{"req":"abc"}},"volume":150,)" + voice() + "}");
  EXPECT_EQ(string_at(p.get(), "guildId"), "1001");
  EXPECT_EQ(string_at(p.get(), "track.encoded"), tone);
  EXPECT_EQ(string_at(p.get(), "track.userData.req"), "abc");
  EXPECT_EQ(int_at(p.get(), "volume"), 150);
  EXPECT_EQ(string_at(p.get(), "voice.channelId"), "42");
  auto start = event("TrackStartEvent");
  ASSERT_TRUE(start);
  EXPECT_EQ(string_at(start.get(), "guildId"), "1001");
  EXPECT_EQ(string_at(start.get(), "track.userData.req"), "abc");

  // playerUpdate positions advance while playing.
  auto u1 = ws->wait_for_op("playerUpdate", "", 3000);
  auto u2 = ws->wait_for_op("playerUpdate", "", 3000);
  ASSERT_TRUE(u1 && u2);
  EXPECT_GT(int_at(u2.get(), "state.position"), int_at(u1.get(), "state.position"));
  EXPECT_TRUE(bool_at(u2.get(), "state.connected"));

  // Pause freezes the position; the filters object is echoed.
  auto paused = patch(R"({"paused":true,"filters":{"volume":0.8}})");
  EXPECT_TRUE(bool_at(paused.get(), "paused"));
  const auto frozen = int_at(paused.get(), "state.position");
  g_usleep(300000);
  auto still = rest_json(*env, "GET", player_path());
  EXPECT_EQ(int_at(still.get(), "state.position"), frozen);
  EXPECT_EQ(string_at(still.get(), "filters"), "");
  EXPECT_TRUE(json_object_has_member(
      json_node_get_object(json_object_get_member(json_node_get_object(still.get()), "filters")),
      "volume"));

  // Seek back to the start, resume and play to the end.
  patch(R"({"position":0,"paused":false})");
  auto end = event("TrackEndEvent", 10000);
  ASSERT_TRUE(end);
  EXPECT_EQ(string_at(end.get(), "reason"), "finished");
  EXPECT_EQ(string_at(end.get(), "track.userData.req"), "abc");
  auto after = rest_json(*env, "GET", player_path());
  EXPECT_EQ(string_at(after.get(), "track"), "");
  EXPECT_EQ(stats_players(*env), 1);
  EXPECT_EQ(rest(*env, "DELETE", player_path()).status, 204u);
  EXPECT_EQ(stats_players(*env), 0);
  EXPECT_EQ(rest(*env, "GET", player_path()).status, 404u);
}

TEST_F(Players, ReplaceStopNoReplaceAndEndTime) {
  patch(R"({"track":{"encoded":")" + tone + R"("},)" + voice() + "}");
  ASSERT_TRUE(event("TrackStartEvent"));
  // noReplace keeps the playing track.
  auto kept = patch(R"({"track":{"encoded":")" + tone + R"(","userData":{"n":2}}})", "1001", 200,
                    "?noReplace=true");
  EXPECT_EQ(string_at(kept.get(), "track.userData.n"), "");
  patch(R"({"track":{"encoded":")" + tone + R"(","userData":{"n":"3"}}})");
  auto replaced = event("TrackEndEvent");
  ASSERT_TRUE(replaced);
  EXPECT_EQ(string_at(replaced.get(), "reason"), "replaced");
  auto next = event("TrackStartEvent");
  ASSERT_TRUE(next);
  EXPECT_EQ(string_at(next.get(), "track.userData.n"), "3");
  patch(R"({"track":{"encoded":null}})");
  auto stopped = event("TrackEndEvent");
  ASSERT_TRUE(stopped);
  EXPECT_EQ(string_at(stopped.get(), "reason"), "stopped");

  // endTime ends the track with `finished` at that position.
  patch(R"({"track":{"encoded":")" + tone + R"("},"endTime":700})");
  ASSERT_TRUE(event("TrackStartEvent"));
  auto ended = event("TrackEndEvent", 5000);
  ASSERT_TRUE(ended);
  EXPECT_EQ(string_at(ended.get(), "reason"), "finished");
  EXPECT_NEAR(int_at(ended.get(), "track.info.position"), 700, 60);
  rest(*env, "DELETE", player_path());
}

TEST_F(Players, IdentifierIsResolvedLikeLoadTracks) {
  auto p = patch(R"({"track":{"identifier":")" + env->media->url("/tone.mp3") + R"("}})");
  EXPECT_EQ(string_at(p.get(), "track.info.title"), "Mp3 Tone");
  ASSERT_TRUE(event("TrackStartEvent"));
  patch(R"({"track":{"identifier":")" + env->media->url("/nope.mp3") + R"("}})", "1001", 400);
  rest(*env, "DELETE", player_path());
}

TEST_F(Players, BadInputLeaksNothing) {
  const auto before = stats_players(*env);
  patch("{not json", "2001", 400);
  patch(R"({"volume":1001})", "2001", 400);
  patch(R"({"paused":"yes"})", "2001", 400);
  patch(R"({"track":{"encoded":"!!!"}})", "2001", 400);
  patch(R"({"track":{"encoded":")" + tone + R"(","identifier":"x"}})", "2001", 400);
  patch(R"({"voice":{"token":"t","endpoint":"e","sessionId":"s"}})", "2001", 400);
  auto bad_filter =
      rest(*env, "PATCH", player_path("2001"), R"({"filters":{"timescale":{"speed":-1}}})");
  EXPECT_EQ(bad_filter.status, 400u);
  EXPECT_NE(bad_filter.body.find("timescale.speed"), std::string::npos) << bad_filter.body;
  // As Lavalink: a filter that lavalink.server.filters turns off is a 400 naming it.
  auto disabled = rest(*env, "PATCH", player_path("2001"),
                       R"({"filters":{"volume":0.5,"karaoke":{"level":1.0}}})");
  EXPECT_EQ(disabled.status, 400u);
  EXPECT_NE(disabled.body.find("Following filters are disabled in the config: karaoke"),
            std::string::npos)
      << disabled.body;
  EXPECT_EQ(stats_players(*env), before);
  // A track whose source 404s: exception, then loadFailed; the player survives.
  lava::server::track::TrackInfo gone;
  gone.title = "gone";
  gone.identifier = env->media->url("/gone.ogg");
  gone.uri = gone.identifier;
  gone.length = 1000;
  gone.source_name = "http";
  gone.probe_info = "ogg";
  patch(R"({"track":{"encoded":")" + lava::server::track::encode_track(gone) + R"("}})", "2001");
  auto ex = event("TrackExceptionEvent");
  ASSERT_TRUE(ex);
  EXPECT_FALSE(string_at(ex.get(), "exception.message").empty());
  EXPECT_EQ(string_at(ex.get(), "exception.severity"), "fault");
  auto end = event("TrackEndEvent");
  ASSERT_TRUE(end);
  EXPECT_EQ(string_at(end.get(), "reason"), "loadFailed");
  EXPECT_EQ(stats_players(*env), before + 1);
  EXPECT_EQ(rest(*env, "DELETE", player_path("2001")).status, 204u);
  EXPECT_EQ(stats_players(*env), before);
}

TEST_F(Players, StatsOpCarriesFrameStats) {
  patch(R"({"track":{"encoded":")" + tone + R"("},)" + voice() + "}");
  ASSERT_TRUE(event("TrackStartEvent"));
  // The first second's message may come before the voice connection sends anything.
  auto stats = ws->wait_for(
      [](JsonObject* o) {
        return member_string(o, "op") == "stats" && json_object_has_member(o, "frameStats") &&
               !json_object_get_null_member(o, "frameStats") &&
               json_object_get_int_member(json_object_get_object_member(o, "frameStats"), "sent") >
                   0;
      },
      6000);
  ASSERT_TRUE(stats);
  EXPECT_GE(int_at(stats.get(), "playingPlayers"), 1);
  EXPECT_GE(int_at(stats.get(), "frameStats.deficit"), 0);
  rest(*env, "DELETE", player_path());
}

// A client that drops its socket and resumes at once can be faster than the node's notice of the
// drop (shoukaku's reconnect is): the Session-Id still resumes, and the old connection is ended.
TEST_F(Players, ResumeTakesOverAConnectionTheNodeStillHolds) {
  rest_json(*env, "PATCH", "/v4/sessions/" + session, R"({"resuming":true,"timeout":30})");
  WsClient second(env->node->port(),
                  {{"Authorization", kPassword}, {"User-Id", "1"}, {"Session-Id", session}});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.response_header("Session-Resumed"), "true");
  auto ready = second.wait_for_op("ready", "", 3000);
  ASSERT_TRUE(ready);
  EXPECT_TRUE(bool_at(ready.get(), "resumed"));
  EXPECT_EQ(string_at(ready.get(), "sessionId"), session);
  EXPECT_EQ(ws->wait_closed(3000), SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  patch(R"({"track":{"encoded":")" + tone + R"("}})");
  EXPECT_TRUE(second.wait_for_op("event", "TrackStartEvent", 3000));
  rest(*env, "DELETE", player_path());
  ws.reset();
}

TEST_F(Players, ResumeDeliversQueuedEventsInOrder) {
  auto s = rest_json(*env, "PATCH", "/v4/sessions/" + session, R"({"resuming":true,"timeout":30})");
  EXPECT_TRUE(bool_at(s.get(), "resuming"));
  EXPECT_EQ(int_at(s.get(), "timeout"), 30);
  patch(R"({"track":{"encoded":")" + tone + R"("}})");
  ASSERT_TRUE(event("TrackStartEvent"));
  ws->close();
  ws.reset();
  // While nobody listens the player keeps playing and its events queue up.
  patch(R"({"track":{"encoded":null}})");
  auto resumed = std::make_unique<WsClient>(
      env->node->port(),
      std::map<std::string, std::string>{
          {"Authorization", kPassword}, {"User-Id", "1"}, {"Session-Id", session}});
  ASSERT_TRUE(resumed->ok());
  EXPECT_EQ(resumed->response_header("Session-Resumed"), "true");
  auto ready = resumed->wait_for_op("ready", "", 3000);
  ASSERT_TRUE(ready);
  EXPECT_TRUE(bool_at(ready.get(), "resumed"));
  EXPECT_EQ(string_at(ready.get(), "sessionId"), session);
  auto stopped = resumed->wait_for_op("event", "TrackEndEvent", 3000);
  ASSERT_TRUE(stopped);
  EXPECT_EQ(string_at(stopped.get(), "reason"), "stopped");
  EXPECT_EQ(stats_players(*env), 1);
  // Without resuming, closing the socket destroys the session and its players.
  rest_json(*env, "PATCH", "/v4/sessions/" + session, R"({"resuming":false})");
  resumed->close();
  resumed.reset();
  for (int i = 0; i < 50 && stats_players(*env) != 0; ++i) g_usleep(20000);
  EXPECT_EQ(stats_players(*env), 0);
  EXPECT_EQ(rest(*env, "GET", "/v4/sessions/" + session + "/players").status, 404u);
}
