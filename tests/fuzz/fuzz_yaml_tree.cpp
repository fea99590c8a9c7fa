#include <cstddef>
#include <cstdint>
#include <string_view>

#include "yaml_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lava::YamlError error;
  lava::parse_yaml(std::string_view(reinterpret_cast<const char*>(data), size), &error);
  return 0;
}
