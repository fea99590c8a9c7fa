#include "tree_math.h"

namespace lava::dave::tree {

std::uint32_t log2(std::uint32_t x) {
  std::uint32_t k = 0;
  while ((x >> k) > 1) ++k;
  return x == 0 ? 0 : k;
}

std::uint32_t level(std::uint32_t node) {
  std::uint32_t k = 0;
  while (((node >> k) & 1u) == 1u) ++k;
  return k;
}

std::uint32_t node_width(std::uint32_t n_leaves) {
  return n_leaves == 0 ? 0 : 2 * (n_leaves - 1) + 1;
}

std::uint32_t root(std::uint32_t n_leaves) {
  return (1u << log2(node_width(n_leaves))) - 1;
}

std::uint32_t left(std::uint32_t node) {
  return node ^ (1u << (level(node) - 1));
}

std::uint32_t right(std::uint32_t node) {
  return node ^ (3u << (level(node) - 1));
}

std::uint32_t parent(std::uint32_t node) {
  const std::uint32_t k = level(node);
  const std::uint32_t b = (node >> (k + 1)) & 1u;
  return (node | (1u << k)) ^ (b << (k + 1));
}

std::uint32_t sibling(std::uint32_t node) {
  const std::uint32_t p = parent(node);
  return node < p ? right(p) : left(p);
}

std::vector<std::uint32_t> direct_path(std::uint32_t node, std::uint32_t n_leaves) {
  std::vector<std::uint32_t> path;
  const std::uint32_t r = root(n_leaves);
  while (node != r) {
    node = parent(node);
    path.push_back(node);
  }
  return path;
}

std::vector<std::uint32_t> copath(std::uint32_t node, std::uint32_t n_leaves) {
  std::vector<std::uint32_t> out;
  if (node == root(n_leaves)) return out;
  std::vector<std::uint32_t> path{node};
  const auto dp = direct_path(node, n_leaves);
  path.insert(path.end(), dp.begin(), dp.end() - 1);
  for (std::uint32_t n : path) out.push_back(sibling(n));
  return out;
}

bool is_in_subtree(std::uint32_t ancestor, std::uint32_t node) {
  const std::uint32_t span = (1u << level(ancestor)) - 1;
  return node + span >= ancestor && node <= ancestor + span;
}

}  // namespace lava::dave::tree
