// Fifty players of a real lavalink-gst through the shared sender into the voice test server:
// every connection's RTP sequence and timestamps continuous, pacing within a tick, and the
// node's frameStats adding up to exactly what the receiver heard (issue #11).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "node_fixture.h"
#include "voice_server_process.h"

using namespace lava::test;

namespace {

constexpr int kPlayers = 50;

gint64 member_int(JsonObject* o, const char* name) {
  return o ? json_object_get_int_member_with_default(o, name, -1) : -1;
}

double member_double(JsonObject* o, const char* name) {
  return o ? json_object_get_double_member_with_default(o, name, -1) : -1;
}

std::string op_of(JsonObject* o) {
  return json_object_get_string_member_with_default(o, "op", "");
}

// frameStats are per-minute averages per playing player over each stats window; multiplied back
// by the window (from `uptime`) and the playing players they give the frames sent in it. The
// node truncates each average to an integer and `uptime` to a millisecond: `slack` bounds both.
struct FrameSum {
  double sent = 0, nulled = 0, slack = 0;
  gint64 last_uptime_ms = 0;  // windows start at the node's start, where uptime is 0
  int windows = 0;

  void add(JsonObject* stats) {
    const gint64 uptime = member_int(stats, "uptime");
    const double window_ms = double(std::max<gint64>(uptime - last_uptime_ms, 1));
    const double minutes = window_ms / 60000.0;
    last_uptime_ms = uptime;
    JsonNode* fs = json_object_get_member(stats, "frameStats");
    if (!fs || JSON_NODE_HOLDS_NULL(fs)) return;
    JsonObject* f = json_node_get_object(fs);
    const double players = double(member_int(stats, "playingPlayers"));
    const double s = double(member_int(f, "sent")) * players * minutes;
    sent += s;
    nulled += double(member_int(f, "nulled")) * players * minutes;
    slack += players * minutes + s / window_ms;
    ++windows;
  }
};

TEST(Scale, FiftyPlayersThroughTheSharedSender) {
  VoiceServerProcess voice{{"--heartbeat-interval", "1000"}};
  auto env = start_node_env("    bufferDurationMs: 400\n", "  statsIntervalSeconds: 1\n");
  ASSERT_TRUE(env->node->running());
  std::string session;
  auto ws = open_session(*env, &session);
  const std::string tone = load_encoded(*env, env->local_root + "/tone.ogg");  // 3 s
  ASSERT_FALSE(tone.empty());
  const std::string players = "/v4/sessions/" + session + "/players/";
  // One player with a track but no voice keeps playingPlayers above zero after the fifty end,
  // so the last stats window (and its frames) is not reported as null.
  rest_json(*env, "PATCH", players + "1", R"({"track":{"encoded":")" + tone + R"("}})");
  for (int i = 0; i < kPlayers; ++i) {
    const std::string g = std::to_string(1000 + i);
    rest_json(*env, "PATCH", players + g,
              R"({"track":{"encoded":")" + tone + R"("},"voice":{"token":"tok-)" + g +
                  R"(","endpoint":")" + voice.ws_url() + R"(","sessionId":"sess-)" + g +
                  R"(","channelId":"77"}})");
  }

  FrameSum frames;
  int ended = 0, stats_after_end = 0;
  while (stats_after_end < 2) {
    auto msg = ws->wait_for(
        [](JsonObject* o) {
          return op_of(o) == "stats" ||
                 (op_of(o) == "event" && member_string(o, "type") == "TrackEndEvent");
        },
        30000);
    ASSERT_TRUE(msg) << "only " << ended << " of " << kPlayers << " tracks ended";
    JsonObject* o = json_node_get_object(msg.get());
    if (op_of(o) == "stats") {
      frames.add(o);
      if (ended == kPlayers) ++stats_after_end;
    } else {
      EXPECT_EQ(member_string(o, "reason"), "finished");
      ++ended;
    }
  }

  auto report = voice.report();
  JsonArray* streams = json_object_get_array_member(report.get(), "streams");
  ASSERT_TRUE(streams);
  ASSERT_EQ(json_array_get_length(streams), guint(kPlayers));
  EXPECT_EQ(member_int(report.get(), "decrypt_failures"), 0);
  EXPECT_EQ(member_int(report.get(), "unknown_packets"), 0);
  gint64 heard = 0, first_count = -1;
  double worst_p99 = 0, worst_gap = 0;
  for (guint i = 0; i < json_array_get_length(streams); ++i) {
    JsonObject* s = json_array_get_object_element(streams, i);
    const gint64 audio = member_int(s, "audio_frames");
    heard += audio;
    if (first_count < 0) first_count = audio;
    SCOPED_TRACE("ssrc " + std::to_string(member_int(s, "ssrc")));
    EXPECT_EQ(audio, first_count);  // every connection heard the whole track
    EXPECT_NEAR(double(audio), 150, 2);
    EXPECT_EQ(member_int(s, "sequence_missing"), 0);
    EXPECT_EQ(member_int(s, "sequence_errors"), 0);
    EXPECT_EQ(member_int(s, "timestamp_errors"), 0);
    EXPECT_EQ(member_int(s, "decode_failures"), 0);
    EXPECT_EQ(member_int(s, "trailing_silence"), 5);
    // Paced, not bursting: the mean interval is the frame period, and 99 % of the intervals are
    // within one tick of it.
    EXPECT_NEAR(member_double(s, "mean_interval_ms"), 20, 2);
    EXPECT_LE(member_double(s, "interval_jitter_p99_ms"), 20);
    worst_p99 = std::max(worst_p99, member_double(s, "interval_jitter_p99_ms"));
    worst_gap = std::max(worst_gap, member_double(s, "max_gap_ms"));
  }
  RecordProperty("worst_interval_jitter_p99_ms", std::to_string(worst_p99));
  RecordProperty("worst_max_gap_ms", std::to_string(worst_gap));
  std::printf(
      "heard %lld audio frames; node frameStats sum to %.1f (±%.1f) sent, %.1f nulled over "
      "%d windows; worst p99 jitter %.2f ms, worst gap %.1f ms\n",
      static_cast<long long>(heard), frames.sent, frames.slack, frames.nulled, frames.windows,
      worst_p99, worst_gap);
  EXPECT_NEAR(frames.sent, double(heard), frames.slack);
  EXPECT_EQ(stats_players(*env), kPlayers + 1);
  stop_node_env(env);
}

}  // namespace
