#include "session_update.h"

namespace lava::server::rest {

std::optional<SessionUpdate> parse_session_update(JsonNode* root, std::string* error) {
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
    *error = "The body must be a JSON object";
    return std::nullopt;
  }
  JsonObject* o = json_node_get_object(root);
  SessionUpdate u;
  if (JsonNode* resuming = json_object_get_member(o, "resuming")) {
    if (!JSON_NODE_HOLDS_VALUE(resuming) || json_node_get_value_type(resuming) != G_TYPE_BOOLEAN) {
      *error = "resuming must be a boolean";
      return std::nullopt;
    }
    u.resuming = json_node_get_boolean(resuming);
  }
  if (JsonNode* timeout = json_object_get_member(o, "timeout")) {
    // Seconds; at most G_MAXINT milliseconds.
    if (!JSON_NODE_HOLDS_VALUE(timeout) || json_node_get_value_type(timeout) != G_TYPE_INT64 ||
        json_node_get_int(timeout) < 0 || json_node_get_int(timeout) > G_MAXINT / 1000) {
      *error = "timeout must be a non-negative number of seconds";
      return std::nullopt;
    }
    u.timeout_s = static_cast<int>(json_node_get_int(timeout));
  }
  return u;
}

}  // namespace lava::server::rest
