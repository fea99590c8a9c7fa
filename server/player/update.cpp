#include "update.h"

#include "number_cast.h"

namespace lava::server::player {

namespace {

bool is_string(JsonNode* n) {
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING;
}

bool is_bool(JsonNode* n) {
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN;
}

// A JSON number as an integer (doubles truncated); nullopt for anything else, including a
// double beyond int64.
std::optional<std::int64_t> as_int(JsonNode* n) {
  if (!n || !JSON_NODE_HOLDS_VALUE(n)) return std::nullopt;
  const GType t = json_node_get_value_type(n);
  if (t == G_TYPE_INT64) return json_node_get_int(n);
  if (t == G_TYPE_DOUBLE) return truncate_to_int64(json_node_get_double(n));
  return std::nullopt;
}

bool fail(std::string* error, const std::string& why) {
  *error = why;
  return false;
}

// Reads `encoded` (string or null) and `identifier` (string) members of `o` under `prefix`.
bool read_track_fields(JsonObject* o, const char* encoded_name, const char* identifier_name,
                       const std::string& prefix, TrackUpdate& t, std::string* error) {
  if (JsonNode* e = json_object_get_member(o, encoded_name)) {
    if (!JSON_NODE_HOLDS_NULL(e) && !is_string(e))
      return fail(error, prefix + encoded_name + " must be a string or null");
    t.has_encoded = true;
    if (is_string(e)) t.encoded = json_node_get_string(e);
  }
  if (JsonNode* i = json_object_get_member(o, identifier_name)) {
    if (!is_string(i)) return fail(error, prefix + identifier_name + " must be a string");
    t.identifier = json_node_get_string(i);
  }
  return true;
}

bool parse_track(JsonObject* o, PlayerUpdate& u, std::string* error) {
  JsonNode* track = json_object_get_member(o, "track");
  TrackUpdate t;
  if (track) {
    if (!JSON_NODE_HOLDS_OBJECT(track)) return fail(error, "track must be an object");
    JsonObject* to = json_node_get_object(track);
    if (!read_track_fields(to, "encoded", "identifier", "track.", t, error)) return false;
    if (JsonNode* d = json_object_get_member(to, "userData")) {
      if (!JSON_NODE_HOLDS_OBJECT(d)) return fail(error, "track.userData must be an object");
      t.user_data.reset(json_node_copy(d), json_node_unref);
    }
  }
  // Lavalink 4 still accepts the deprecated top-level fields.
  if (!read_track_fields(o, "encodedTrack", "identifier", "", t, error)) return false;
  if (t.has_encoded && t.identifier)
    return fail(error, "Only one of track.encoded and track.identifier may be set");
  if (track || t.has_encoded || t.identifier) u.track = std::move(t);
  return true;
}

bool parse_voice(JsonObject* o, PlayerUpdate& u, std::string* error) {
  JsonNode* v = json_object_get_member(o, "voice");
  if (!v) return true;
  if (!JSON_NODE_HOLDS_OBJECT(v)) return fail(error, "voice must be an object");
  JsonObject* vo = json_node_get_object(v);
  VoiceState state;
  const std::pair<const char*, std::string*> fields[] = {{"token", &state.token},
                                                         {"endpoint", &state.endpoint},
                                                         {"sessionId", &state.session_id},
                                                         {"channelId", &state.channel_id}};
  for (const auto& [name, out] : fields) {
    JsonNode* f = json_object_get_member(vo, name);
    if (!is_string(f)) return fail(error, std::string("voice.") + name + " is required");
    *out = json_node_get_string(f);
  }
  u.voice = std::move(state);
  return true;
}

bool parse_scalars(JsonObject* o, PlayerUpdate& u, std::string* error) {
  if (JsonNode* p = json_object_get_member(o, "position")) {
    const auto position = as_int(p);
    if (!position || *position < 0) return fail(error, "position must be a number >= 0");
    u.position = position;
  }
  if (JsonNode* e = json_object_get_member(o, "endTime")) {
    const auto end_time = as_int(e);
    if (!JSON_NODE_HOLDS_NULL(e) && (!end_time || *end_time < 0))
      return fail(error, "endTime must be a number >= 0 or null");
    u.has_end_time = true;
    u.end_time = end_time;
  }
  if (JsonNode* v = json_object_get_member(o, "volume")) {
    const auto volume = as_int(v);
    if (!volume || *volume < 0 || *volume > 1000)
      return fail(error, "volume must be between 0 and 1000");
    u.volume = static_cast<int>(*volume);
  }
  if (JsonNode* p = json_object_get_member(o, "paused")) {
    if (!is_bool(p)) return fail(error, "paused must be a boolean");
    u.paused = json_node_get_boolean(p);
  }
  if (JsonNode* f = json_object_get_member(o, "filters")) {
    if (!JSON_NODE_HOLDS_OBJECT(f)) return fail(error, "filters must be an object");
    u.filters.reset(json_node_copy(f));
  }
  return true;
}

}  // namespace

std::optional<PlayerUpdate> parse_player_update(JsonNode* root, std::string* error) {
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
    *error = "The body must be a JSON object";
    return std::nullopt;
  }
  JsonObject* o = json_node_get_object(root);
  PlayerUpdate u;
  if (!parse_track(o, u, error) || !parse_voice(o, u, error) || !parse_scalars(o, u, error))
    return std::nullopt;
  return u;
}

}  // namespace lava::server::player
