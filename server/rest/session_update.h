// Update Session (the PATCH /v4/sessions/{id} body), parsed and validated before anything is
// applied.
#pragma once

#include <json-glib/json-glib.h>

#include <optional>
#include <string>

namespace lava::server::rest {

struct SessionUpdate {
  std::optional<bool> resuming;
  std::optional<int> timeout_s;
};

// Returns nullopt and a message naming the offending field on invalid input.
std::optional<SessionUpdate> parse_session_update(JsonNode* root, std::string* error);

}  // namespace lava::server::rest
