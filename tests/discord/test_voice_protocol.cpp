// The pure pieces of the voice protocol: endpoint → URL rules, IP discovery packets, close codes.
#include <gtest/gtest.h>

#include "close_codes.h"
#include "ip_discovery.h"
#include "voice_endpoint.h"

using namespace lava::discord;

TEST(VoiceEndpoint, BareEndpointAlwaysMeansWss) {
  EXPECT_EQ(voice_gateway_url("c-fra05.discord.media:443").url,
            "wss://c-fra05.discord.media:443/?v=8");
  EXPECT_EQ(voice_gateway_url("127.0.0.1:9000").url, "wss://127.0.0.1:9000/?v=8");
  EXPECT_EQ(voice_gateway_url("wss://example.com").url, "wss://example.com/?v=8");
}

TEST(VoiceEndpoint, PlainWsOnlyForLoopback) {
  EXPECT_EQ(voice_gateway_url("ws://127.0.0.1:9000").url, "ws://127.0.0.1:9000/?v=8");
  EXPECT_EQ(voice_gateway_url("ws://localhost:9000").url, "ws://localhost:9000/?v=8");
  EXPECT_EQ(voice_gateway_url("ws://[::1]:9000").url, "ws://[::1]:9000/?v=8");
  EXPECT_FALSE(voice_gateway_url("ws://example.com:80").error.empty());
  EXPECT_FALSE(voice_gateway_url("ws://10.0.0.1:80").error.empty());
  EXPECT_FALSE(voice_gateway_url("http://127.0.0.1:80").error.empty());
  EXPECT_FALSE(voice_gateway_url("").error.empty());
  EXPECT_FALSE(voice_gateway_url("wss://").error.empty());
}

TEST(IpDiscovery, RequestLayout) {
  const auto p = ip_discovery_request(0x01020304);
  EXPECT_EQ(p.size(), 74u);
  EXPECT_EQ(p[1], 1);
  EXPECT_EQ(p[3], 70);
  EXPECT_EQ(p[4], 1);
  EXPECT_EQ(p[7], 4);
  EXPECT_EQ(p[73], 0);
}

TEST(IpDiscovery, ParsesReplyAndRejectsTruncatedOrBad) {
  std::array<std::uint8_t, 74> reply{};
  reply[1] = 2;
  reply[3] = 70;
  const char ip[] = "203.0.113.7";
  std::copy(ip, ip + sizeof ip - 1, reply.begin() + 8);
  reply[72] = 0xc3;
  reply[73] = 0x50;
  auto found = parse_ip_discovery_reply(reply);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->ip, "203.0.113.7");
  EXPECT_EQ(found->port, 50000);
  EXPECT_FALSE(parse_ip_discovery_reply(std::span(reply).first(8)));
  auto wrong_type = reply;
  wrong_type[1] = 1;
  EXPECT_FALSE(parse_ip_discovery_reply(wrong_type));
  auto no_nul = reply;
  std::fill(no_nul.begin() + 8, no_nul.begin() + 72, 'a');
  EXPECT_FALSE(parse_ip_discovery_reply(no_nul));
}

TEST(CloseCodes, ResumeReidentifyOrGiveUp) {
  for (int code : {1000, 1001, 1006, 4015}) EXPECT_EQ(close_action(code), CloseAction::kResume);
  for (int code : {4006, 4009}) EXPECT_EQ(close_action(code), CloseAction::kReidentify);
  for (int code : {4001, 4004, 4014, 4016, 4017, 4022})
    EXPECT_EQ(close_action(code), CloseAction::kGiveUp);
}
