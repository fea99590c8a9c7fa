#include <gtest/gtest.h>

#include "dave/tree_math.h"
#include "rfc9420_vectors.h"

namespace lava::dave {
namespace {

TEST(TreeMath, MatchesRfcVectors) {
  for (const auto& v : vectors::kTreeMath) {
    SCOPED_TRACE(v.n_leaves);
    EXPECT_EQ(tree::node_width(v.n_leaves), v.n_nodes);
    EXPECT_EQ(tree::root(v.n_leaves), v.root);
    for (std::uint32_t i = 0; i < v.n_nodes; ++i) {
      const bool is_parent = tree::level(i) > 0;
      const bool is_root = i == v.root;
      EXPECT_EQ(is_parent ? std::optional(tree::left(i)) : std::nullopt, v.left[i]) << i;
      EXPECT_EQ(is_parent ? std::optional(tree::right(i)) : std::nullopt, v.right[i]) << i;
      EXPECT_EQ(is_root ? std::nullopt : std::optional(tree::parent(i)), v.parent[i]) << i;
      EXPECT_EQ(is_root ? std::nullopt : std::optional(tree::sibling(i)), v.sibling[i]) << i;
    }
  }
}

TEST(TreeMath, DirectPathAndCopath) {
  // 8 leaves: leaf 2 is node 4; its direct path is 5, 3, 7 and its copath 6, 1, 11.
  EXPECT_EQ(tree::direct_path(4, 8), (std::vector<std::uint32_t>{5, 3, 7}));
  EXPECT_EQ(tree::copath(4, 8), (std::vector<std::uint32_t>{6, 1, 11}));
  EXPECT_TRUE(tree::direct_path(0, 1).empty());
  EXPECT_TRUE(tree::copath(0, 1).empty());
}

TEST(TreeMath, Subtrees) {
  EXPECT_TRUE(tree::is_in_subtree(3, 0));
  EXPECT_TRUE(tree::is_in_subtree(3, 6));
  EXPECT_FALSE(tree::is_in_subtree(3, 7));
  EXPECT_FALSE(tree::is_in_subtree(3, 8));
  EXPECT_TRUE(tree::is_in_subtree(7, 14));
  EXPECT_TRUE(tree::is_in_subtree(4, 4));
}

}  // namespace
}  // namespace lava::dave
