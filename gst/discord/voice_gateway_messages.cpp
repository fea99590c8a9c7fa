#include "voice_gateway_messages.h"

#include <json-glib/json-glib.h>

#include "gobject_ptr.h"
#include "number_cast.h"
#include "transport/voice_opcodes.h"

namespace lava::discord {
namespace {

using namespace voice_op;

// A number as json-glib's int getters read it (doubles truncated, booleans 0/1, strings 0), but
// nullopt for a double outside gint64, which json-glib would convert with undefined behaviour.
std::optional<gint64> int_value(JsonNode* n) {
  if (!n || !JSON_NODE_HOLDS_VALUE(n)) return std::nullopt;
  if (json_node_get_value_type(n) != G_TYPE_DOUBLE) return json_node_get_int(n);
  return truncate_to_int64(json_node_get_double(n));
}

JsonNode* member(JsonObject* o, const char* name) {
  return o ? json_object_get_member(o, name) : nullptr;
}

gint64 int_member(JsonObject* o, const char* name, gint64 fallback) {
  return int_value(member(o, name)).value_or(fallback);
}

std::string string_member(JsonObject* o, const char* name) {
  JsonNode* n = member(o, name);
  if (n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
    return json_node_get_string(n);
  return {};
}

JsonArray* array_member(JsonObject* o, const char* name) {
  JsonNode* n = member(o, name);
  return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : nullptr;
}

std::optional<std::uint16_t> transition_id(JsonObject* d) {
  const gint64 id = int_member(d, "transition_id", -1);
  if (id < 0 || id > G_MAXUINT16) return std::nullopt;
  return static_cast<std::uint16_t>(id);
}

std::optional<int> protocol_version(JsonObject* d, const char* name) {
  const gint64 version = int_member(d, name, -1);
  if (version < 0 || version > G_MAXINT) return std::nullopt;
  return static_cast<int>(version);
}

// Discord sends user ids as decimal strings; integers are accepted too.
std::optional<std::uint64_t> snowflake(JsonNode* n) {
  if (!n || !JSON_NODE_HOLDS_VALUE(n)) return std::nullopt;
  if (json_node_get_value_type(n) == G_TYPE_INT64)
    return static_cast<std::uint64_t>(json_node_get_int(n));
  if (json_node_get_value_type(n) != G_TYPE_STRING) return std::nullopt;
  guint64 v = 0;
  if (!g_ascii_string_to_unsigned(json_node_get_string(n), 10, 0, G_MAXUINT64, &v, nullptr))
    return std::nullopt;
  return v;
}

VoiceHello hello(JsonObject* d) {
  const double interval =
      d ? json_object_get_double_member_with_default(d, "heartbeat_interval", 0) : 0;
  if (!(interval >= 1 && interval <= G_MAXUINT)) return {};
  return VoiceHello{static_cast<guint>(interval)};
}

VoiceReady ready(JsonObject* d) {
  VoiceReady r;
  r.ssrc = static_cast<std::uint32_t>(int_member(d, "ssrc", 0));
  r.ip = string_member(d, "ip");
  const gint64 port = int_member(d, "port", 0);
  if (port > 0 && port <= G_MAXUINT16) r.port = static_cast<std::uint16_t>(port);
  JsonArray* modes = array_member(d, "modes");
  for (guint i = 0; modes && i < json_array_get_length(modes); ++i) {
    JsonNode* n = json_array_get_element(modes, i);
    if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
      r.modes.emplace_back(json_node_get_string(n));
  }
  return r;
}

std::optional<TransportKey> secret_key(JsonObject* d) {
  JsonArray* key = array_member(d, "secret_key");
  if (!key || json_array_get_length(key) != kTransportKeySize) return std::nullopt;
  TransportKey secret;
  for (guint i = 0; i < kTransportKeySize; ++i) {
    auto byte = int_value(json_array_get_element(key, i));
    if (!byte) return std::nullopt;
    secret[i] = static_cast<std::uint8_t>(*byte);
  }
  return secret;
}

VoiceSessionDescription session_description(JsonObject* d) {
  VoiceSessionDescription s;
  s.mode = string_member(d, "mode");
  s.secret_key = secret_key(d);
  const gint64 dave = int_member(d, "dave_protocol_version", 0);
  s.dave_protocol_version = static_cast<int>(CLAMP(dave, 0, G_MAXINT));
  return s;
}

VoiceHeartbeatAck heartbeat_ack(JsonObject* d) {
  VoiceHeartbeatAck ack;
  if (d && json_object_has_member(d, "t")) {
    const gint64 t = int_member(d, "t", 0);
    if (t >= 0) ack.sent_ms = t;
  }
  return ack;
}

DaveClientsConnect clients_connect(JsonObject* d) {
  DaveClientsConnect c;
  JsonArray* ids = array_member(d, "user_ids");
  for (guint i = 0; ids && i < json_array_get_length(ids); ++i)
    if (auto id = snowflake(json_array_get_element(ids, i))) c.user_ids.push_back(*id);
  return c;
}

VoicePayload payload(gint64 op, JsonObject* d) {
  switch (op) {
    case kHello:
      return hello(d);
    case kReady:
      return ready(d);
    case kSessionDescription:
      return session_description(d);
    case kHeartbeatAck:
      return heartbeat_ack(d);
    case kResumed:
      return VoiceResumed{};
    case kClientsConnect:
      return DaveJsonMessage(clients_connect(d));
    case kClientDisconnect:
      return DaveJsonMessage(DaveClientDisconnect{snowflake(member(d, "user_id"))});
    case kDavePrepareTransition:
      return DaveJsonMessage(
          DavePrepareTransition{transition_id(d), protocol_version(d, "protocol_version")});
    case kDaveExecuteTransition:
      return DaveJsonMessage(DaveExecuteTransition{transition_id(d)});
    case kDavePrepareEpoch:
      return DaveJsonMessage(
          DavePrepareEpoch{int_member(d, "epoch", -1), protocol_version(d, "protocol_version")});
    default:
      if (op >= 0 && op <= kHighestKnown) return VoiceIgnoredOp{};
      return VoiceUnknownOp{op};
  }
}

}  // namespace

std::optional<VoiceMessage> parse_voice_message(std::string_view text) {
  GObjectPtr<JsonParser> parser(json_parser_new());
  // An empty text parses to no root at all.
  if (!json_parser_load_from_data(parser.get(), text.empty() ? "" : text.data(),
                                  static_cast<gssize>(text.size()), nullptr))
    return std::nullopt;
  JsonNode* root = json_parser_get_root(parser.get());
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) return std::nullopt;
  JsonObject* msg = json_node_get_object(root);
  VoiceMessage m;
  m.seq = int_value(member(msg, "seq"));
  JsonNode* d = member(msg, "d");
  JsonObject* data = d && JSON_NODE_HOLDS_OBJECT(d) ? json_node_get_object(d) : nullptr;
  m.has_data = data != nullptr;
  m.payload = payload(int_member(msg, "op", -1), data);
  return m;
}

}  // namespace lava::discord
