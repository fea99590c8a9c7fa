#include "spec.h"

namespace lava::pipelines {

std::string LoadError::to_string() const {
  return file + ":" + std::to_string(mark.line) + ":" + std::to_string(mark.column) + ": " +
         message;
}

bool Diagnostics::fail(YamlMark mark, std::string message) {
  if (!error_) error_ = LoadError{file_, mark, std::move(message)};
  return false;
}

const PropertySpec* NodeSpec::property(std::string_view name) const {
  for (const auto& p : properties)
    if (p.name == name) return &p;
  return nullptr;
}

const NodeSpec* PipelineSpec::node(std::string_view id) const {
  for (const auto& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

NodeSpec* PipelineSpec::node(std::string_view id) {
  for (auto& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

}  // namespace lava::pipelines
