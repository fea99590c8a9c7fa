// Small wrappers over json-glib for building responses and reading request bodies.
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gobject_ptr.h"

namespace lava::server::http {

// A JsonBuilder with one-line member setters; `str()` serializes the finished document.
class JsonWriter {
 public:
  JsonWriter() : b_(json_builder_new()) {}
  JsonBuilder* raw() { return b_.get(); }
  JsonWriter& begin_object(const char* name = nullptr);
  JsonWriter& end_object();
  JsonWriter& begin_array(const char* name = nullptr);
  JsonWriter& end_array();
  JsonWriter& string(const char* name, std::string_view value);
  JsonWriter& optional_string(const char* name, const std::optional<std::string>& value);
  JsonWriter& integer(const char* name, std::int64_t value);
  JsonWriter& number(const char* name, double value);
  JsonWriter& boolean(const char* name, bool value);
  JsonWriter& null(const char* name);
  // Adds a copy of `node` (or null).
  JsonWriter& node(const char* name, JsonNode* value);
  std::string str();

 private:
  void key(const char* name) {
    if (name) json_builder_set_member_name(b_.get(), name);
  }
  GObjectPtr<JsonBuilder> b_;
};

// Parses `text`; on failure returns null and sets `error` to json-glib's message.
JsonNodePtr parse_json(std::string_view text, std::string* error);
std::string to_json_string(JsonNode* node);

}  // namespace lava::server::http
