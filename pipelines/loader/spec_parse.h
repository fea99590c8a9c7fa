// YAML tree → PipelineSpec: the schema's shape, parameters, and the graph checks that need no
// GStreamer (duplicate ids, dangling links, cycles).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "spec.h"
#include "yaml_tree.h"

namespace lava::pipelines {

std::optional<PipelineSpec> parse_spec(const YamlNode& root,
                                       const std::map<std::string, std::string>& params,
                                       Diagnostics& diag);

// Every link names existing nodes, the graph has no cycle, and node caps are usable.
bool check_graph(const PipelineSpec& spec, Diagnostics& diag);

}  // namespace lava::pipelines
