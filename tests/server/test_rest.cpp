// REST endpoints and their error paths against the real node.
#include <gtest/gtest.h>

#include "node_fixture.h"
#include "track/codec.h"

using namespace lava::test;

namespace {

class Rest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { env = start_node_env("", "  maxRequestBodyBytes: 4096\n"); }
  static void TearDownTestSuite() { stop_node_env(env); }
  void SetUp() override { ASSERT_TRUE(env->node->running()); }
  static std::unique_ptr<NodeEnv> env;
};
std::unique_ptr<NodeEnv> Rest::env;

void expect_error(const HttpReply& r, unsigned status, const std::string& path) {
  EXPECT_EQ(r.status, status) << r.body;
  auto root = parse_json(r.body);
  ASSERT_TRUE(root) << r.body;
  EXPECT_EQ(int_at(root.get(), "status"), status);
  EXPECT_EQ(string_at(root.get(), "path"), path);
  EXPECT_FALSE(string_at(root.get(), "error").empty());
  EXPECT_FALSE(string_at(root.get(), "message").empty());
}

std::string sample_track() {
  lava::server::track::TrackInfo t;
  t.title = "Tïtle \xF0\x9F\x8E\xB5";
  t.author = "Author";
  t.length = 1234;
  t.identifier = "http://127.0.0.1:1/x.ogg";
  t.uri = t.identifier;
  t.source_name = "http";
  t.probe_info = "ogg";
  return lava::server::track::encode_track(t);
}

}  // namespace

TEST_F(Rest, DecodeTrack) {
  const std::string encoded = sample_track();
  auto t = rest_json(*env, "GET", "/v4/decodetrack?encodedTrack=" + url_escape(encoded));
  EXPECT_EQ(string_at(t.get(), "encoded"), encoded);
  EXPECT_EQ(string_at(t.get(), "info.title"), "Tïtle \xF0\x9F\x8E\xB5");
  EXPECT_EQ(int_at(t.get(), "info.length"), 1234);
  EXPECT_EQ(string_at(t.get(), "info.sourceName"), "http");
  EXPECT_TRUE(json_object_has_member(json_node_get_object(t.get()), "pluginInfo"));
}

TEST_F(Rest, DecodeTrackErrors) {
  expect_error(rest(*env, "GET", "/v4/decodetrack"), 400, "/v4/decodetrack");
  expect_error(rest(*env, "GET", "/v4/decodetrack?encodedTrack=%21%21"), 400, "/v4/decodetrack");
  expect_error(rest(*env, "GET", "/v4/decodetrack?encodedTrack=QAAAAQM="), 400, "/v4/decodetrack");
  auto traced = rest(*env, "GET", "/v4/decodetrack?encodedTrack=bad&trace=true");
  EXPECT_EQ(traced.status, 400u);
  EXPECT_FALSE(string_at(parse_json(traced.body).get(), "trace").empty());
}

TEST_F(Rest, DecodeTracks) {
  const std::string encoded = sample_track();
  auto list =
      rest_json(*env, "POST", "/v4/decodetracks", "[\"" + encoded + "\",\"" + encoded + "\"]");
  ASSERT_TRUE(list && JSON_NODE_HOLDS_ARRAY(list.get()));
  EXPECT_EQ(json_array_get_length(json_node_get_array(list.get())), 2u);
  EXPECT_EQ(string_at(list.get(), "1.info.author"), "Author");
  expect_error(rest(*env, "POST", "/v4/decodetracks", "{\"a\":1}"), 400, "/v4/decodetracks");
  expect_error(rest(*env, "POST", "/v4/decodetracks", "[1]"), 400, "/v4/decodetracks");
  expect_error(rest(*env, "POST", "/v4/decodetracks", "[\"AAAA\"]"), 400, "/v4/decodetracks");
  expect_error(rest(*env, "POST", "/v4/decodetracks", "[\"x\""), 400, "/v4/decodetracks");
}

TEST_F(Rest, BodiesOverTheLimitGet413) {
  const std::string big = "[\"" + std::string(8000, 'A') + "\"]";
  expect_error(rest(*env, "POST", "/v4/decodetracks", big), 413, "/v4/decodetracks");
  // The node keeps serving.
  EXPECT_EQ(rest(*env, "GET", "/v4/stats").status, 200u);
}

TEST_F(Rest, UnknownSessionsAndPlayers) {
  const std::string s = "/v4/sessions/nosuchsession000";
  expect_error(rest(*env, "GET", s + "/players"), 404, s + "/players");
  expect_error(rest(*env, "GET", s + "/players/1"), 404, s + "/players/1");
  expect_error(rest(*env, "PATCH", s + "/players/1", "{}"), 404, s + "/players/1");
  expect_error(rest(*env, "DELETE", s + "/players/1"), 404, s + "/players/1");
  expect_error(rest(*env, "PATCH", s, "{\"resuming\":true}"), 404, s);
  EXPECT_EQ(stats_players(*env), 0);
}

TEST_F(Rest, RoutePlannerIsNotConfigured) {
  EXPECT_EQ(rest(*env, "GET", "/v4/routeplanner/status").status, 204u);
  expect_error(rest(*env, "POST", "/v4/routeplanner/free/all"), 500, "/v4/routeplanner/free/all");
  expect_error(rest(*env, "POST", "/v4/routeplanner/free/address", "{\"address\":\"1.2.3.4\"}"),
               500, "/v4/routeplanner/free/address");
}

TEST_F(Rest, Stats) {
  auto s = rest_json(*env, "GET", "/v4/stats");
  EXPECT_EQ(int_at(s.get(), "players"), 0);
  EXPECT_EQ(int_at(s.get(), "playingPlayers"), 0);
  EXPECT_GT(int_at(s.get(), "memory.used"), 0);
  EXPECT_GT(int_at(s.get(), "cpu.cores"), 0);
  EXPECT_GE(int_at(s.get(), "uptime"), 0);
  JsonObject* o = json_node_get_object(s.get());
  EXPECT_TRUE(json_object_get_null_member(o, "frameStats"));
}

TEST_F(Rest, NewEndpointsNeedThePassword) {
  EXPECT_EQ(env->node->request("GET", "/v4/stats", "wrong").status, 401u);
  EXPECT_EQ(env->node->request("GET", "/v4/loadtracks?identifier=x", nullptr).status, 401u);
  EXPECT_EQ(env->node->request("POST", "/v4/decodetracks", "wrong", "[]").status, 401u);
}
