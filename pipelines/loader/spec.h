// The pipeline description model: what a YAML file says, with the place each part came from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yaml_tree.h"

namespace lava::pipelines {

struct LoadError {
  std::string file;
  YamlMark mark;
  std::string message;

  // "file:line:column: message"
  std::string to_string() const;
};

// Keeps the first error of a load; later stages stop once one is set.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  // Records the error (if none yet) and returns false, so callers can `return diag.fail(...)`.
  bool fail(YamlMark mark, std::string message);
  bool failed() const { return error_.has_value(); }
  const std::optional<LoadError>& error() const { return error_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::optional<LoadError> error_;
};

struct PropertySpec {
  std::string name;
  YamlMark mark;   // of the key
  YamlNode value;  // parameters already substituted
};

struct NodeSpec {
  std::string id;
  YamlMark mark;  // of the id value
  std::string factory;
  YamlMark factory_mark;
  std::vector<PropertySpec> properties;
  // Caps filter on the node's output link(s); empty for none.
  std::string caps;
  YamlMark caps_mark;
  // An optional node whose factory is not installed is left out and its neighbours joined.
  bool optional = false;
  // Ids this node replaced (fusion), itself included; empty when not fused.
  std::vector<std::string> fused_from;

  const PropertySpec* property(std::string_view name) const;
};

struct Endpoint {
  std::string node;
  std::string pad;  // empty: any compatible pad
  YamlMark mark;
};

struct LinkSpec {
  Endpoint from;
  Endpoint to;
  std::string caps;  // empty: no filter
  YamlMark caps_mark;
};

struct PipelineSpec {
  std::string file;  // for error messages
  std::string name;
  std::string description;
  bool fusion = true;
  std::vector<NodeSpec> nodes;
  std::vector<LinkSpec> links;

  const NodeSpec* node(std::string_view id) const;
  NodeSpec* node(std::string_view id);
};

}  // namespace lava::pipelines
