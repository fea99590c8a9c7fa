// No secret in the node's log at the default level: the password and a voice token go through
// every path that logs (wrong passwords, a voice connection, a failing one, shutdown), and the
// node's whole stderr must not contain them.
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include "node_fixture.h"
#include "voice_server_process.h"

using namespace lava::test;

namespace {

constexpr const char* kPasswordSecret = "pw-7f3a9c1e-SECRET";
constexpr const char* kTokenSecret = "voice-token-4b8d2e6f-SECRET";

std::string read_file(const std::string& path) {
  gchar* text = nullptr;
  gsize size = 0;
  if (!g_file_get_contents(path.c_str(), &text, &size, nullptr)) return {};
  std::string out(text, size);
  g_free(text);
  return out;
}

std::string voice_json(const std::string& endpoint) {
  return std::string(R"({"voice":{"token":")") + kTokenSecret + R"(","endpoint":")" + endpoint +
         R"(","sessionId":"sess-1","channelId":"42"}})";
}

}  // namespace

TEST(SecretsInLogs, PasswordAndVoiceTokenNeverLogged) {
  VoiceServerProcess voice;
  MediaServer media;
  media.add("/tone.ogg", make_tone(3, "vorbisenc ! oggmux", "Log Tone", "gst-lavalink"),
            "audio/ogg");
  gchar* log_path_c = nullptr;
  const int fd = g_file_open_tmp("lavalink-stderr-XXXXXX.log", &log_path_c, nullptr);
  ASSERT_GE(fd, 0);
  close(fd);
  const std::string log_path = log_path_c;
  g_free(log_path_c);
  auto node = std::make_unique<ServerProcess>(
      std::string("server:\n  port: 0\n  address: 127.0.0.1\nlavalink:\n  server:\n") +
          "    password: \"" + kPasswordSecret + "\"\n",
      log_path);
  ASSERT_TRUE(node->running());

  // Wrong passwords, including one that is the secret with a byte more.
  EXPECT_EQ(node->request("GET", "/v4/info", "wrong").status, 401u);
  EXPECT_EQ(node->request("GET", "/v4/info", (std::string(kPasswordSecret) + "x").c_str()).status,
            401u);
  WsClient ws(node->port(), {{"Authorization", kPasswordSecret},
                             {"User-Id", "170939974227541168"},
                             {"Client-Name", "gtest/1.0"}});
  auto ready = ws.wait_for_op("ready", "", 5000);
  ASSERT_TRUE(ready);
  const std::string sid = string_at(ready.get(), "sessionId");
  auto loaded = parse_json(
      node->request("GET", "/v4/loadtracks?identifier=" + url_escape(media.url("/tone.ogg")),
                    kPasswordSecret)
          .body);
  const std::string encoded = string_at(loaded.get(), "data.encoded");
  ASSERT_FALSE(encoded.empty());

  // A voice connection that works, and one whose endpoint refuses connections.
  const std::string players = "/v4/sessions/" + sid + "/players/";
  EXPECT_EQ(
      node->request("PATCH", players + "1", kPasswordSecret, voice_json(voice.ws_url())).status,
      200u);
  EXPECT_EQ(node->request("PATCH", players + "1", kPasswordSecret,
                          R"({"track":{"encoded":")" + encoded + "\"}}")
                .status,
            200u);
  EXPECT_TRUE(voice.wait_event("identify", 10000));
  EXPECT_EQ(
      node->request("PATCH", players + "2", kPasswordSecret, voice_json("ws://127.0.0.1:1")).status,
      200u);
  EXPECT_EQ(node->request("PATCH", players + "2", kPasswordSecret,
                          R"({"track":{"encoded":")" + encoded + "\"}}")
                .status,
            200u);
  ws.wait_for_op("event", "WebSocketClosedEvent", 10000);
  EXPECT_EQ(node->stop(), 0);

  const std::string log = read_file(log_path);
  g_unlink(log_path.c_str());
  // The log is not empty (so the check below reads something real).
  EXPECT_NE(log.find("shutting down"), std::string::npos) << log;
  EXPECT_EQ(log.find(kPasswordSecret), std::string::npos) << log;
  EXPECT_EQ(log.find(kTokenSecret), std::string::npos) << log;
}
