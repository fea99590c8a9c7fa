#include "rfc9420_tree_vectors.h"

#include <fstream>
#include <sstream>

namespace lava::dave::vectors {

namespace {

// A malformed file yields no vectors, which the test asserts against, rather than half of them.
std::vector<TreeValidation> load(const char* path) {
  std::ifstream in(path);
  std::vector<TreeValidation> out;
  TreeValidation current;
  bool open = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key == "tree") {
      if (open) return {};
      current = {};
      words >> current.tree;
      open = true;
    } else if (key == "group_id" && open) {
      words >> current.group_id;
    } else if (key == "node" && open) {
      std::string hash;
      words >> hash;
      std::vector<std::uint32_t> resolution;
      for (std::uint32_t index; words >> index;) resolution.push_back(index);
      current.tree_hashes.push_back(hash);
      current.resolutions.push_back(resolution);
    } else if (key == "end" && open) {
      out.push_back(std::move(current));
      open = false;
    } else {
      return {};
    }
  }
  if (open) return {};
  return out;
}

}  // namespace

const std::vector<TreeValidation>& tree_validation_vectors() {
  static const std::vector<TreeValidation> vectors = load(DAVE_TREE_VALIDATION_VECTORS);
  return vectors;
}

}  // namespace lava::dave::vectors
