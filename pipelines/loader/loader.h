// Pipelines described in YAML (docs/pipelines.md): load a file into a GstPipeline, with every
// mistake reported as file:line:column, an optional fusion pass, and dumps back to YAML and to
// gst-launch syntax.
//
//   lava::pipelines::LoadOptions options;
//   auto result = lava::pipelines::load_file("player.yaml", {{"location", path}}, options);
//   if (!result) g_printerr("%s\n", result.error->to_string().c_str());
//   GstElement* volume = result.element("volume");
#pragma once

#include <gst/gst.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gobject_ptr.h"
#include "spec.h"

namespace lava::pipelines {

struct LoadOptions {
  // False turns the fusion pass off even when the file asks for it (gst-yaml-launch --no-fusion).
  bool allow_fusion = true;
  // Name used in error messages for load_string().
  std::string source_name = "<string>";
};

struct LoadResult {
  GstObjectPtr<GstPipeline> pipeline;
  std::optional<LoadError> error;
  // The description after parameters were substituted and fusion ran: what was built.
  PipelineSpec spec;
  // One line per change the loader made to the described graph: each fusion, each optional node
  // left out. Also logged with g_message.
  std::vector<std::string> rewrites;

  explicit operator bool() const { return pipeline != nullptr; }

  // The element built for node `id` (owned by the pipeline). A node merged away by fusion maps to
  // the element that replaced it. nullptr for an unknown id or a dropped optional node.
  GstElement* element(std::string_view id) const;

  // Node ids to element names (the element's name is the node id unless fusion merged it).
  std::map<std::string, std::string, std::less<>> element_names;
};

LoadResult load_string(std::string_view yaml, const std::map<std::string, std::string>& params,
                       const LoadOptions& options);
LoadResult load_file(const std::string& path, const std::map<std::string, std::string>& params,
                     const LoadOptions& options);

// The loaded description as a self-contained YAML document (parameters already substituted) that
// load_string() accepts and that builds the same graph.
std::string to_yaml(const PipelineSpec& spec);

// The same graph in gst-launch-1.0 syntax, or nullopt with the reason in *why when the graph needs
// something gst-launch cannot say.
std::optional<std::string> to_launch(const PipelineSpec& spec, std::string* why = nullptr);

}  // namespace lava::pipelines
