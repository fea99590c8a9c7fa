#include <gtest/gtest.h>

#include "config.h"

using lava::server::parse_config;

TEST(Config, ReadsLavalinkKeysAndRelaxedNames) {
  std::string error;
  auto c = parse_config(R"(
server:
  port: 2444
  address: 127.0.0.1
lavalink:
  server:
    password: "secret"
    buffer-duration-ms: 800
    frame_buffer_duration_ms: 3000
    playerUpdateInterval: 2
    sources:
      local: true
      youtube: false
    filters:
      timescale: false
      channel-mix: false
)",
                        "test.yml", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->port, 2444);
  EXPECT_EQ(c->address, "127.0.0.1");
  EXPECT_EQ(c->password, "secret");
  EXPECT_EQ(c->buffer_duration_ms, 800);
  EXPECT_EQ(c->frame_buffer_duration_ms, 3000);
  EXPECT_EQ(c->player_update_interval_s, 2);
  EXPECT_TRUE(c->sources["local"]);
  EXPECT_FALSE(c->filters["timescale"]);
  EXPECT_FALSE(c->filters["channelMix"]);
  EXPECT_TRUE(c->filters["volume"]);
}

TEST(Config, DefaultsMatchLavalink) {
  std::string error;
  auto c = parse_config("lavalink.server.password: x\n", "t", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->port, 2333);
  EXPECT_EQ(c->address, "0.0.0.0");
  EXPECT_EQ(c->password, "x");
  EXPECT_EQ(c->buffer_duration_ms, 400);
  EXPECT_EQ(c->frame_buffer_duration_ms, 5000);
  EXPECT_EQ(c->track_stuck_threshold_ms, 10000);
  EXPECT_EQ(c->player_update_interval_s, 5);
}

TEST(Config, IgnoresUnknownKeysAndAcceptedSubtrees) {
  std::string error;
  auto c = parse_config(R"(
lavalink:
  plugins:
    - dependency: "com.github.topi314.lavasrc:lavasrc-plugin:4.0.0"
  server:
    password: p
    notAKey: 3
logging:
  level:
    root: INFO
somethingElse: [1, 2]
)",
                        "t", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->password, "p");
}

TEST(Config, WrongTypeNamesFileLineColumnAndKey) {
  std::string error;
  auto c = parse_config("lavalink:\n  server:\n    password: p\n    bufferDurationMs: lots\n",
                        "app.yml", &error);
  EXPECT_FALSE(c);
  EXPECT_EQ(error, "app.yml:4:23: lavalink.server.bufferDurationMs must be an integer");
}

TEST(Config, MissingPasswordIsAnError) {
  std::string error;
  EXPECT_FALSE(parse_config("server:\n  port: 1\n", "t", &error));
  EXPECT_NE(error.find("password"), std::string::npos);
}

TEST(Config, MalformedYamlReportsPosition) {
  std::string error;
  EXPECT_FALSE(parse_config("a: [1, 2\nb: c\n", "bad.yml", &error));
  EXPECT_EQ(error.rfind("bad.yml:", 0), 0u) << error;
}

TEST(Config, PortOutOfRange) {
  std::string error;
  EXPECT_FALSE(parse_config("server: {port: 70000}\nlavalink.server.password: x\n", "t", &error));
}
