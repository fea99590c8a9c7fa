// `parameters:` — named, typed values that the rest of the file references as ${name}.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "spec.h"
#include "yaml_tree.h"

namespace lava::pipelines {

struct Parameter {
  std::string type = "string";    // string | int | double | bool
  std::optional<YamlNode> value;  // the default or the caller's value; nullopt: none given
  YamlMark mark;                  // of the declaration
};

using Parameters = std::map<std::string, Parameter, std::less<>>;

// Reads the declarations in `decls` (may be nullptr) and applies the caller's values, checking
// each against its type. Values for undeclared names are an error.
std::optional<Parameters> resolve_parameters(const YamlNode* decls,
                                             const std::map<std::string, std::string>& given,
                                             Diagnostics& diag);

// Replaces ${name} in every scalar under `node`: a scalar that is exactly one reference takes the
// parameter's typed value (a null value stays null, which leaves a property unset); references
// inside longer text are spliced in as text. `$${` writes a literal `${`.
bool substitute_parameters(YamlNode& node, const Parameters& params, Diagnostics& diag);

}  // namespace lava::pipelines
