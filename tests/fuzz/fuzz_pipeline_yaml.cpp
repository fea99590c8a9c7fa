#include <gst/gst.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "loader.h"
#include "spec_parse.h"
#include "yaml_tree.h"

// The loader's steps up to (not including) build_pipeline: building would instantiate whatever
// elements the input names (filesink location=…), which is the caller's trust decision, not a
// parser's. Caps strings are still parsed by check_graph, hence gst_init.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool initialized = (gst_init(nullptr, nullptr), true);
  (void)initialized;
  lava::YamlError yaml_error;
  auto root =
      lava::parse_yaml(std::string_view(reinterpret_cast<const char*>(data), size), &yaml_error);
  if (!root) return 0;
  const std::map<std::string, std::string> params{{"uri", "file:///dev/null"}};
  lava::pipelines::Diagnostics diag("fuzz");
  auto spec = lava::pipelines::parse_spec(*root, params, diag);
  if (!spec || !lava::pipelines::check_graph(*spec, diag)) return 0;
  lava::pipelines::to_yaml(*spec);
  return 0;
}
