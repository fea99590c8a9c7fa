// What a player costs in threads (issues #6, #11): none while idle, exactly one streaming thread
// while playing — Opus passthrough and transcoding, local files and HTTP alike — plus a fixed
// set of process-wide threads that the first voice connection and the first HTTP source start.
// And those threads share the node's few malloc arenas (issue #12, docs/architecture.md).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "node_fixture.h"
#include "proc_stats.h"
#include "voice_server_process.h"

using namespace lava::test;

namespace {

// Threads started once for any number of players, when first needed (docs/architecture.md,
// "Threads"): libsoup's thread of the HTTP session all players' souphttpsrc share, the voice
// sender's, and idle GLib thread-pool threads that GstTaskPool keeps for reuse after the
// short-lived tasks of typefinding and pad activation (up to four seen when six players start
// at once).
constexpr int kSharedThreads = 6;
// oggdemux starts a thread of its own for seeks when it is fed in push mode (over HTTP), which
// waits until the player's track ends: one more per HTTP Ogg player (GStreamer 1.22).
constexpr int kPerHttpOggPlayer = 1;

gint64 member_int(JsonObject* o, const char* name) {
  return o ? json_object_get_int_member_with_default(o, name, -1) : -1;
}

// Streams that have sent audio since the last reset.
int audible_streams(JsonObject* report) {
  JsonArray* streams = report ? json_object_get_array_member(report, "streams") : nullptr;
  int n = 0;
  for (guint i = 0; streams && i < json_array_get_length(streams); ++i)
    if (member_int(json_array_get_object_element(streams, i), "audio_frames") > 10) ++n;
  return n;
}

int threads_of(NodeEnv& env) {
  return read_proc_stats(env.node->pid()).threads;
}

TEST(PlayerThreads, OneStreamingThreadPerPlayingPlayerNoneWhenIdle) {
  VoiceServerProcess voice{{"--heartbeat-interval", "1000"}};
  auto env = start_node_env();
  ASSERT_TRUE(env->node->running());
  std::string session;
  auto ws = open_session(*env, &session);
  const int at_start = threads_of(*env);
  const std::string tracks[] = {load_encoded(*env, env->local_root + "/long.opus"),
                                load_encoded(*env, env->media->url("/long.opus")),
                                load_encoded(*env, env->media->url("/tone.mp3"))};
  for (const auto& t : tracks) ASSERT_FALSE(t.empty());
  const std::string players = "/v4/sessions/" + session + "/players/";
  auto voice_json = [&](const std::string& g) {
    return R"("voice":{"token":"tok-)" + g + R"(","endpoint":")" + voice.ws_url() +
           R"(","sessionId":"sess-)" + g + R"(","channelId":"77"})";
  };
  // Idle players with voice connections: no thread of their own. Four more add none (the
  // first ones may start the shared voice threads).
  constexpr int kIdle = 4;
  auto add_idle = [&](int first) {
    for (int i = first; i < first + kIdle; ++i) {
      const std::string g = std::to_string(2000 + i);
      rest_json(*env, "PATCH", players + g, "{" + voice_json(g) + "}");
    }
    for (int i = 0; i < kIdle; ++i) ASSERT_TRUE(voice.wait_event("identify", 10000));
    g_usleep(300000);
  };
  add_idle(0);
  const int baseline = threads_of(*env);
  add_idle(kIdle);
  const int idle = threads_of(*env);
  EXPECT_LE(idle, baseline);

  // Two of each kind playing: local Ogg/Opus, HTTP Ogg/Opus (both passed through), HTTP MP3
  // (transcoded).
  constexpr int kPlaying = 6;
  constexpr int kHttpOgg = 2;
  const int limit = idle + kPlaying + kSharedThreads + kHttpOgg * kPerHttpOggPlayer;
  for (int i = 0; i < kPlaying; ++i) {
    const std::string g = std::to_string(1000 + i);
    rest_json(*env, "PATCH", players + g,
              R"({"track":{"encoded":")" + tracks[i % 3] + R"("},)" + voice_json(g) + "}");
  }
  auto heard =
      voice.report_when([](JsonObject* r) { return audible_streams(r) == kPlaying; }, 15000);
  ASSERT_EQ(audible_streams(heard.get()), kPlaying);
  const int playing = threads_of(*env);
  std::printf("threads: at start %d, %d idle players %d, %d idle players %d, and %d playing %d\n",
              at_start, kIdle, baseline, 2 * kIdle, idle, kPlaying, playing);
  EXPECT_LE(playing, limit);
  // Each playing player does have its streaming thread (the count above is not vacuous).
  EXPECT_GE(playing, idle + kPlaying);
  // The node caps glibc's arenas at one per core, at least two; the main arena is one of them.
  // Without the cap glibc gives each new thread an arena of its own up to 8 per core. (Under
  // ASan there are no glibc arenas to count.)
  const long arena_cap = std::max(2L, sysconf(_SC_NPROCESSORS_ONLN));
  ASSERT_GT(playing, arena_cap);
  const int heaps = malloc_arena_heaps(env->node->pid());
  std::printf("malloc heaps besides the main arena: %d\n", heaps);
  EXPECT_LE(heaps, arena_cap - 1);

  // A filter moves a passed-through player to the transcoding chain, in the same thread.
  rest_json(*env, "PATCH", players + "1000", R"({"filters":{"volume":0.5}})");
  g_usleep(300000);
  EXPECT_LE(threads_of(*env), limit);

  for (int i = 0; i < kPlaying; ++i)
    EXPECT_EQ(rest(*env, "DELETE", players + std::to_string(1000 + i)).status, 204u);
  stop_node_env(env);
}

}  // namespace
