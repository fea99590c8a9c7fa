// A YAML document as a small tree that remembers where each node came from, so callers can
// report errors as file:line:column. Built on libyaml's event parser.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lava {

struct YamlMark {
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

struct YamlEntry;

struct YamlNode {
  enum class Kind { kScalar, kSequence, kMapping };

  Kind kind = Kind::kScalar;
  YamlMark mark;
  std::string scalar;              // for kScalar
  bool plain = true;               // unquoted scalar: may be a number, bool or null
  std::vector<YamlNode> items;     // for kSequence
  std::vector<YamlEntry> entries;  // for kMapping, in document order

  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_mapping() const { return kind == Kind::kMapping; }
  // A plain `~`, `null`, `Null`, `NULL` or empty scalar.
  bool is_null() const;
  // The value for `key` in a mapping, or nullptr.
  const YamlNode* find(std::string_view key) const;
};

struct YamlEntry {
  YamlNode key;
  YamlNode value;
};

struct YamlError {
  YamlMark mark;
  std::string message;
};

// Parses the first document of `text`. Anchors/aliases are expanded; nesting deeper than 64 levels
// or more than 1 MiB of expanded aliases is refused.
std::optional<YamlNode> parse_yaml(std::string_view text, YamlError* error);

}  // namespace lava
