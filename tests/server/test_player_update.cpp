#include <gtest/gtest.h>

#include "http/json.h"
#include "player/update.h"

using lava::server::player::parse_player_update;

namespace {

std::string error_for(const char* body) {
  std::string error;
  auto root = lava::server::http::parse_json(body, &error);
  EXPECT_TRUE(root) << body;
  EXPECT_FALSE(parse_player_update(root.get(), &error)) << body;
  return error;
}

}  // namespace

TEST(PlayerUpdate, ReadsEveryField) {
  std::string error;
  auto root = lava::server::http::parse_json(
      R"({"track":{"encoded":null,"userData":{"k":1}},"position":5,"endTime":null,"volume":1000,
          "paused":true,"filters":{"volume":0.5},
          "voice":{"token":"t","endpoint":"e","sessionId":"s","channelId":"c"}})",
      &error);
  auto u = parse_player_update(root.get(), &error);
  ASSERT_TRUE(u) << error;
  ASSERT_TRUE(u->track);
  EXPECT_TRUE(u->track->has_encoded);
  EXPECT_FALSE(u->track->encoded);
  EXPECT_TRUE(u->track->user_data);
  EXPECT_EQ(u->position, 5);
  EXPECT_TRUE(u->has_end_time);
  EXPECT_FALSE(u->end_time);
  EXPECT_EQ(u->volume, 1000);
  EXPECT_EQ(u->paused, true);
  EXPECT_TRUE(u->filters);
  EXPECT_EQ(u->voice->channel_id, "c");
}

TEST(PlayerUpdate, DeprecatedTopLevelFields) {
  std::string error;
  auto root = lava::server::http::parse_json(R"({"identifier":"http://x/a.ogg"})", &error);
  auto u = parse_player_update(root.get(), &error);
  ASSERT_TRUE(u && u->track);
  EXPECT_EQ(u->track->identifier, "http://x/a.ogg");
}

TEST(PlayerUpdate, ErrorsNameTheField) {
  EXPECT_EQ(error_for(R"({"volume":1001})"), "volume must be between 0 and 1000");
  EXPECT_EQ(error_for(R"({"volume":"loud"})"), "volume must be between 0 and 1000");
  EXPECT_EQ(error_for(R"({"paused":1})"), "paused must be a boolean");
  EXPECT_EQ(error_for(R"({"position":-1})"), "position must be a number >= 0");
  EXPECT_EQ(error_for(R"({"track":{"encoded":"a","identifier":"b"}})"),
            "Only one of track.encoded and track.identifier may be set");
  // Lavalink 4.2: channelId is required with voice.
  EXPECT_EQ(error_for(R"({"voice":{"token":"t","endpoint":"e","sessionId":"s"}})"),
            "voice.channelId is required");
  EXPECT_EQ(error_for(R"({"filters":[]})"), "filters must be an object");
  EXPECT_EQ(error_for(R"([])"), "The body must be a JSON object");
}

// Found by tests/fuzz (corpus/player_update/filters.json): a double beyond int64 was converted
// with undefined behaviour.
TEST(PlayerUpdate, NumbersBeyondInt64AreRefused) {
  EXPECT_EQ(error_for(R"({"position":1e300})"), "position must be a number >= 0");
  EXPECT_EQ(error_for(R"({"endTime":-1e300})"), "endTime must be a number >= 0 or null");
  EXPECT_EQ(error_for(R"({"volume":9.3e18})"), "volume must be between 0 and 1000");
  std::string error;
  auto root = lava::server::http::parse_json(R"({"position":1500.9,"volume":99.5})", &error);
  auto u = parse_player_update(root.get(), &error);
  ASSERT_TRUE(u) << error;
  EXPECT_EQ(u->position, 1500);
  EXPECT_EQ(u->volume, 99);
}
