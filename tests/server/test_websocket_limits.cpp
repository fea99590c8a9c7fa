// What a client may send over the node's WebSocket: a message in fragments is fine, an endless
// one is closed with 1009 (libsoup 3.2 limits frames only: CVE-2025-32049), and nobody else
// notices.
#include <gtest/gtest.h>

#include <iostream>
#include <optional>

#include "node_fixture.h"
#include "proc_stats.h"
#include "raw_http.h"

using namespace lava::test;

namespace {

constexpr int kReplyWaitMs = 20000;  // "answers at all": a liveness bound, not a speed claim

class WebSocketLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    env = start_node_env();
    ASSERT_TRUE(env->node->running());
  }
  void TearDown() override { stop_node_env(env); }
  std::unique_ptr<NodeEnv> env;
};

}  // namespace

// libsoup 3.2 limits WebSocket frames, not messages (CVE-2025-32049): a client could grow one
// message without end by sending continuation frames. The node closes it with 1009 once the
// fragments pass 128 KiB, keeps its memory, and serves everyone else as before.
TEST_F(WebSocketLimits, EndlessFragmentedMessageIsClosedWith1009) {
  constexpr int kFragments = 300;  // 19 MB, if nothing stopped it
  const std::string fragment(64 * 1024, 'x');
  std::string sid;
  auto bystander = open_session(*env, &sid);
  ASSERT_FALSE(sid.empty());
  const int pid = env->node->pid();

  // A message in fragments under the limit, then a ping: accepted, and the pong comes back.
  auto fair = open_raw_websocket(env->node->port(), kPassword, kReplyWaitMs);
  ASSERT_TRUE(fair);
  ASSERT_TRUE(fair->send(ws_frame(1, fragment.substr(0, 10000), false) +
                         ws_frame(0, fragment.substr(0, 10000), false) +
                         ws_frame(0, fragment.substr(0, 10000)) + ws_frame(9, "still there?")));
  auto pong = fair->read_ws_frame(kReplyWaitMs);
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->first, 10);
  EXPECT_EQ(pong->second, "still there?");

  const ProcStats before = read_proc_stats(pid);
  auto attacker = open_raw_websocket(env->node->port(), kPassword, kReplyWaitMs);
  ASSERT_TRUE(attacker);
  std::optional<std::pair<int, std::string>> close;
  int sent = 0;
  for (; sent < kFragments && !close; ++sent) {
    if (!attacker->send(ws_frame(sent == 0 ? 1 : 0, fragment, false))) break;
    close = attacker->read_ws_frame(1);
  }
  if (!close) close = attacker->read_ws_frame(kReplyWaitMs);
  ASSERT_TRUE(close) << "no close after " << sent << " fragments";
  ASSERT_EQ(close->first, 8);
  ASSERT_GE(close->second.size(), 2u);
  EXPECT_EQ((static_cast<unsigned char>(close->second[0]) << 8) |
                static_cast<unsigned char>(close->second[1]),
            1009);
  // Whatever it sends after the close is dropped unread, until the node hangs up.
  while (sent < kFragments && attacker->send(ws_frame(0, fragment, false))) ++sent;
  EXPECT_TRUE(attacker->wait_closed(kReplyWaitMs));
  const ProcStats after = read_proc_stats(pid);
  std::cout << "closed with 1009; " << sent << " fragments of 64 KiB sent; node RSS "
            << before.rss_kb << " -> " << after.rss_kb << " kB\n";
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(after.rss_kb - before.rss_kb, 4096);
#endif

  // Nobody else noticed.
  ASSERT_TRUE(fair->send(ws_frame(9, "and now?")));
  pong = fair->read_ws_frame(kReplyWaitMs);
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->second, "and now?");
  EXPECT_EQ(rest(*env, "GET", "/v4/sessions/" + sid + "/players").status, 200u);
}

// /v4/websocket without the upgrade: Lavalink's error JSON, and the connection ends.
TEST_F(WebSocketLimits, PlainRequestIsRefusedAndClosed) {
  RawConnection conn(env->node->port());
  ASSERT_TRUE(conn.send(std::string("GET /v4/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n") +
                        "Authorization: " + kPassword + "\r\nUser-Id: 1\r\n\r\n"));
  auto reply = conn.read_reply(kReplyWaitMs);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  auto body = parse_json(reply->body);
  ASSERT_TRUE(body);
  EXPECT_EQ(string_at(body.get(), "path"), "/v4/websocket");
  EXPECT_EQ(int_at(body.get(), "status"), 400);
  EXPECT_TRUE(conn.wait_closed(kReplyWaitMs));
}
