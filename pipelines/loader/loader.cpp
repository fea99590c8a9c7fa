#include "loader.h"

#include <glib.h>

#include "build.h"
#include "fusion.h"
#include "graph_edit.h"
#include "spec_parse.h"

namespace lava::pipelines {

GST_DEBUG_CATEGORY(lava_pipelines_debug);

namespace {

void init_debug() {
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    GST_DEBUG_CATEGORY_INIT(lava_pipelines_debug, "yamlpipeline", 0, "YAML pipeline loader");
    g_once_init_leave(&once, 1);
  }
}

LoadResult failed(const Diagnostics& diag) {
  LoadResult result;
  result.error = diag.error();
  return result;
}

}  // namespace

GstElement* LoadResult::element(std::string_view id) const {
  auto it = element_names.find(id);
  if (!pipeline || it == element_names.end()) return nullptr;
  GstObjectPtr<GstElement> e(gst_bin_get_by_name(GST_BIN(pipeline.get()), it->second.c_str()));
  // The pipeline keeps its own reference for as long as it lives.
  return e.get();
}

LoadResult load_string(std::string_view yaml, const std::map<std::string, std::string>& params,
                       const LoadOptions& options) {
  init_debug();
  Diagnostics diag(options.source_name);
  YamlError yaml_error;
  auto root = parse_yaml(yaml, &yaml_error);
  if (!root) {
    diag.fail(yaml_error.mark, "YAML syntax: " + yaml_error.message);
    return failed(diag);
  }
  auto spec = parse_spec(*root, params, diag);
  if (!spec) return failed(diag);
  LoadResult result;
  if (!drop_missing_optional_nodes(*spec, result.rewrites, diag)) return failed(diag);
  if (options.allow_fusion && spec->fusion) fuse(*spec, result.rewrites);
  for (const auto& rewrite : result.rewrites)
    GST_CAT_INFO(lava_pipelines_debug, "%s: %s", diag.file().c_str(), rewrite.c_str());
  result.pipeline = build_pipeline(*spec, diag);
  if (!result.pipeline) return failed(diag);
  for (const auto& node : spec->nodes) {
    result.element_names[node.id] = node.id;
    for (const auto& id : node.fused_from) result.element_names[id] = node.id;
  }
  result.spec = std::move(*spec);
  return result;
}

LoadResult load_file(const std::string& path, const std::map<std::string, std::string>& params,
                     const LoadOptions& options) {
  gchar* contents = nullptr;
  gsize length = 0;
  GError* error = nullptr;
  if (!g_file_get_contents(path.c_str(), &contents, &length, &error)) {
    LoadResult result;
    result.error = LoadError{path, {0, 0}, error->message};
    g_error_free(error);
    return result;
  }
  GCharPtr owned(contents);
  LoadOptions named = options;
  named.source_name = path;
  return load_string(std::string_view(contents, length), params, named);
}

}  // namespace lava::pipelines
