// Faults around a playing player, against the real node and the voice test server: the HTTP
// source dies mid-stream (TrackExceptionEvent, and the node goes on serving), and SIGTERM during
// playback ends the node cleanly (exit 0: under the sanitizers a leak report would change that).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "node_fixture.h"
#include "track/codec.h"
#include "voice_server_process.h"

using namespace lava::test;

namespace {

// Serves one file badly over HTTP/1.1: the first connection gets the headers (the full
// Content-Length) and the first `sent_bytes` of the body, then it is closed. Later connections
// (the source's retries) are closed at once.
class DyingHttpServer {
 public:
  DyingHttpServer(std::string body, std::size_t sent_bytes)
      : body_(std::move(body)), sent_bytes_(sent_bytes) {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(listener_, 16);
    socklen_t len = sizeof addr;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~DyingHttpServer() {
    stop_ = true;
    thread_.join();
    close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/fault.ogg"; }

 private:
  void serve() {
    bool first = true;
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      if (!first) {
        close(fd);
        continue;
      }
      first = false;
      char request[4096];
      (void)!recv(fd, request, sizeof request, 0);
      const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: audio/ogg\r\nContent-Length: " +
                               std::to_string(body_.size()) + "\r\n\r\n";
      (void)!send(fd, head.data(), head.size(), MSG_NOSIGNAL);
      (void)!send(fd, body_.data(), sent_bytes_, MSG_NOSIGNAL);
      close(fd);
    }
  }

  std::string body_;
  std::size_t sent_bytes_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string http_track(const std::string& url, std::int64_t length_ms) {
  lava::server::track::TrackInfo t;
  t.title = "fault";
  t.author = "gst-lavalink";
  t.length = length_ms;
  t.identifier = url;
  t.uri = url;
  t.source_name = "http";
  t.probe_info = "ogg";
  return lava::server::track::encode_track(t);
}

class Faults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env = start_node_env();
    voice_server = std::make_unique<VoiceServerProcess>();
    tone = make_tone(30, "vorbisenc ! oggmux", "Fault Tone", "gst-lavalink");
  }
  static void TearDownTestSuite() {
    // SIGTERM with players still in place: a clean exit.
    if (env && env->node) {
      EXPECT_EQ(env->node->stop(), 0);
    }
    stop_node_env(env);
    voice_server.reset();
  }
  void SetUp() override {
    ASSERT_TRUE(env->node->running());
    ws = open_session(*env, &session);
    ASSERT_FALSE(session.empty());
  }
  // Connects voice and plays `encoded` on guild `guild`.
  void play(const std::string& guild, const std::string& encoded) {
    const std::string path = "/v4/sessions/" + session + "/players/" + guild;
    rest_json(*env, "PATCH", path,
              R"({"voice":{"token":"tok","endpoint":")" + voice_server->ws_url() +
                  R"(","sessionId":"sess","channelId":"42"},"track":{"encoded":")" + encoded +
                  "\"}}");
  }
  static std::unique_ptr<NodeEnv> env;
  static std::unique_ptr<VoiceServerProcess> voice_server;
  static std::string tone;
  std::unique_ptr<WsClient> ws;
  std::string session;
};
std::unique_ptr<NodeEnv> Faults::env;
std::unique_ptr<VoiceServerProcess> Faults::voice_server;
std::string Faults::tone;

}  // namespace

TEST_F(Faults, HttpSourceDiesMidStream) {
  DyingHttpServer server(tone, tone.size() / 3);
  play("501", http_track(server.url(), 30000));
  ASSERT_TRUE(ws->wait_for_op("event", "TrackStartEvent", 5000));
  auto exception = ws->wait_for_op("event", "TrackExceptionEvent", 20000);
  ASSERT_TRUE(exception);
  EXPECT_FALSE(string_at(exception.get(), "exception.message").empty());
  auto end = ws->wait_for_op("event", "TrackEndEvent", 5000);
  ASSERT_TRUE(end);
  EXPECT_EQ(string_at(end.get(), "reason"), "loadFailed");
  // The node goes on: the player is there and idle, and it plays something else.
  auto p = rest_json(*env, "GET", "/v4/sessions/" + session + "/players/501");
  EXPECT_EQ(string_at(p.get(), "guildId"), "501");
  play("501", load_encoded(*env, env->media->url("/tone.ogg")));
  EXPECT_TRUE(ws->wait_for_op("event", "TrackStartEvent", 5000));
}

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
