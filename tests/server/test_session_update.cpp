#include <gtest/gtest.h>

#include "http/json.h"
#include "rest/session_update.h"

using lava::server::rest::parse_session_update;
using lava::server::rest::SessionUpdate;

namespace {

// The handler's steps: JSON first (its errors are the player_update tests'), then the fields.
std::optional<SessionUpdate> parse(const char* body, std::string* error) {
  auto root = lava::server::http::parse_json(body, error);
  return root ? parse_session_update(root.get(), error) : std::nullopt;
}

}  // namespace

TEST(SessionUpdate, ReadsBothFieldsAndLeavesAbsentOnesUnset) {
  std::string error;
  auto u = parse(R"({"resuming":true,"timeout":120})", &error);
  ASSERT_TRUE(u) << error;
  EXPECT_EQ(u->resuming, true);
  EXPECT_EQ(u->timeout_s, 120);
  u = parse("{}", &error);
  ASSERT_TRUE(u) << error;
  EXPECT_FALSE(u->resuming);
  EXPECT_FALSE(u->timeout_s);
}

TEST(SessionUpdate, NamesTheOffendingField) {
  const std::pair<const char*, const char*> cases[] = {
      {"[]", "The body must be a JSON object"},
      {R"({"resuming":"yes"})", "resuming must be a boolean"},
      {R"({"resuming":null})", "resuming must be a boolean"},
      {R"({"timeout":-1})", "timeout must be a non-negative number of seconds"},
      {R"({"timeout":1.5})", "timeout must be a non-negative number of seconds"},
      {R"({"timeout":2147484})", "timeout must be a non-negative number of seconds"},
      {R"({"timeout":{}})", "timeout must be a non-negative number of seconds"},
  };
  for (const auto& [body, message] : cases) {
    std::string error;
    EXPECT_FALSE(parse(body, &error)) << body;
    EXPECT_EQ(error, message) << body;
  }
}
