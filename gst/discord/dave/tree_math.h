// Complete binary tree arithmetic of RFC 9420 §4.2 / Appendix C, over node indices in the
// array representation (leaves at even indices).
#pragma once

#include <cstdint>
#include <vector>

namespace lava::dave::tree {

std::uint32_t log2(std::uint32_t x);
std::uint32_t level(std::uint32_t node);
std::uint32_t node_width(std::uint32_t n_leaves);
std::uint32_t root(std::uint32_t n_leaves);
// left/right are only defined for parents (level > 0).
std::uint32_t left(std::uint32_t node);
std::uint32_t right(std::uint32_t node);
// parent/sibling are only defined for non-root nodes. RFC 9420 trees always hold a power of two
// leaves, so neither depends on the width.
std::uint32_t parent(std::uint32_t node);
std::uint32_t sibling(std::uint32_t node);
inline std::uint32_t leaf_to_node(std::uint32_t leaf) {
  return 2 * leaf;
}
inline std::uint32_t node_to_leaf(std::uint32_t node) {
  return node / 2;
}
// Parents from the leaf's parent up to and including the root.
std::vector<std::uint32_t> direct_path(std::uint32_t node, std::uint32_t n_leaves);
// Siblings of the node and of each node on its direct path below the root.
std::vector<std::uint32_t> copath(std::uint32_t node, std::uint32_t n_leaves);
bool is_in_subtree(std::uint32_t ancestor, std::uint32_t node);

}  // namespace lava::dave::tree
