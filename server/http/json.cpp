#include "json.h"

namespace lava::server::http {

JsonWriter& JsonWriter::begin_object(const char* name) {
  key(name);
  json_builder_begin_object(b_.get());
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  json_builder_end_object(b_.get());
  return *this;
}

JsonWriter& JsonWriter::begin_array(const char* name) {
  key(name);
  json_builder_begin_array(b_.get());
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  json_builder_end_array(b_.get());
  return *this;
}

JsonWriter& JsonWriter::string(const char* name, std::string_view value) {
  key(name);
  const std::string s(value);
  json_builder_add_string_value(b_.get(), s.c_str());
  return *this;
}

JsonWriter& JsonWriter::optional_string(const char* name, const std::optional<std::string>& value) {
  return value ? string(name, *value) : null(name);
}

JsonWriter& JsonWriter::integer(const char* name, std::int64_t value) {
  key(name);
  json_builder_add_int_value(b_.get(), value);
  return *this;
}

JsonWriter& JsonWriter::number(const char* name, double value) {
  key(name);
  json_builder_add_double_value(b_.get(), value);
  return *this;
}

JsonWriter& JsonWriter::boolean(const char* name, bool value) {
  key(name);
  json_builder_add_boolean_value(b_.get(), value);
  return *this;
}

JsonWriter& JsonWriter::null(const char* name) {
  key(name);
  json_builder_add_null_value(b_.get());
  return *this;
}

JsonWriter& JsonWriter::node(const char* name, JsonNode* value) {
  if (!value) return null(name);
  key(name);
  json_builder_add_value(b_.get(), json_node_copy(value));
  return *this;
}

std::string JsonWriter::str() {
  JsonNodePtr root(json_builder_get_root(b_.get()));
  return to_json_string(root.get());
}

JsonNodePtr parse_json(std::string_view text, std::string* error) {
  GObjectPtr<JsonParser> parser(json_parser_new_immutable());
  GError* err = nullptr;
  if (!json_parser_load_from_data(parser.get(), text.data(), static_cast<gssize>(text.size()),
                                  &err)) {
    if (error) *error = err ? err->message : "invalid JSON";
    if (err) g_error_free(err);
    return nullptr;
  }
  JsonNode* root = json_parser_get_root(parser.get());
  if (!root) {
    if (error) *error = "empty body";
    return nullptr;
  }
  return JsonNodePtr(json_node_ref(root));
}

std::string to_json_string(JsonNode* node) {
  GCharPtr text(json_to_string(node, FALSE));
  return text ? text.get() : "null";
}

}  // namespace lava::server::http
