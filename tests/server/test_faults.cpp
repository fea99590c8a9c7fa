// SIGTERM during playback ends the node cleanly (exit 0: under the sanitizers a leak report
// would change that). A source dying mid-stream is covered by test_player_faults.cpp.
#include <gtest/gtest.h>

#include "node_fixture.h"
#include "voice_server_process.h"

using namespace lava::test;

TEST(FaultsShutdown, SigtermDuringPlaybackExitsCleanly) {
  auto env = start_node_env();
  VoiceServerProcess voice;
  ASSERT_TRUE(env->node->running());
  std::string session;
  auto ws = open_session(*env, &session);
  ASSERT_FALSE(session.empty());
  const std::string encoded = load_encoded(*env, env->media->url("/long.ogg"));
  for (const char* guild : {"601", "602", "603"})
    rest_json(*env, "PATCH", "/v4/sessions/" + session + "/players/" + guild,
              R"({"voice":{"token":"tok","endpoint":")" + voice.ws_url() +
                  R"(","sessionId":"sess","channelId":"42"},"track":{"encoded":")" + encoded +
                  "\"}}");
  ASSERT_TRUE(voice.wait_event("speaking", 10000));
  EXPECT_EQ(env->node->stop(), 0);
  stop_node_env(env);
}
