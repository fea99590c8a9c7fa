// The public ratchet tree (RFC 9420 §4, §7): nodes, resolution, tree hash, parent hash, the
// Add/Remove edits of §12.1 and the ratchet_tree extension encoding (§12.4.3.3).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bytes.h"
#include "mls_structs.h"

namespace lava::dave {

struct ParentNode {
  Bytes encryption_key;
  Bytes parent_hash;
  std::vector<std::uint32_t> unmerged_leaves;
  bool operator==(const ParentNode&) const = default;
};

struct TreeNode {
  std::optional<LeafNode> leaf;      // set on a non-blank leaf node
  std::optional<ParentNode> parent;  // set on a non-blank parent node
  bool blank() const { return !leaf && !parent; }
  const Bytes& encryption_key() const {
    return leaf ? leaf->encryption_key : parent->encryption_key;
  }
};

class RatchetTree {
 public:
  RatchetTree() = default;
  explicit RatchetTree(LeafNode first) : nodes_(1) { nodes_[0].leaf = std::move(first); }

  std::uint32_t leaf_count() const { return static_cast<std::uint32_t>(nodes_.size() / 2 + 1); }
  std::uint32_t node_count() const { return static_cast<std::uint32_t>(nodes_.size()); }
  const TreeNode& node(std::uint32_t i) const { return nodes_[i]; }
  TreeNode& node(std::uint32_t i) { return nodes_[i]; }
  const LeafNode* leaf(std::uint32_t leaf_index) const;

  // Adds at the leftmost blank leaf (growing the tree if full) and marks it unmerged above.
  std::uint32_t add_leaf(LeafNode leaf);
  // Blanks the leaf and its direct path, then truncates; false for a blank or absent leaf.
  bool remove_leaf(std::uint32_t leaf_index);
  void blank_direct_path(std::uint32_t leaf_index);

  std::vector<std::uint32_t> resolution(std::uint32_t node) const;
  // Direct path minus nodes whose copath child has an empty resolution, with those children.
  struct PathStep {
    std::uint32_t node;
    std::uint32_t copath_child;
  };
  std::vector<PathStep> filtered_direct_path(std::uint32_t leaf_index) const;

  Bytes tree_hash() const;
  Bytes tree_hash(std::uint32_t node) const;
  // Parent hash that a child of `parent` stores, with `copath_child` the other child.
  Bytes parent_hash_of(std::uint32_t parent, std::uint32_t copath_child) const;
  // Recomputes the parent-hash chain along the filtered direct path and sets it into the path
  // nodes; returns the value the leaf must carry.
  Bytes set_path_parent_hashes(std::uint32_t leaf_index);
  // True when every non-blank parent node is covered by a valid parent-hash chain (§7.9.2).
  bool parent_hashes_valid() const;

  // ratchet_tree extension body: optional<Node> nodes<V>, trailing blanks removed.
  Bytes encode() const;
  static std::optional<RatchetTree> decode(ByteView data);

  bool has_identity(ByteView identity) const;
  std::optional<std::uint32_t> find_leaf(const LeafNode& leaf) const;

 private:
  void truncate();
  Bytes original_tree_hash(std::uint32_t node, const std::vector<std::uint32_t>& excluded) const;

  std::vector<TreeNode> nodes_;  // always 2^k * 2 - 1 entries
};

}  // namespace lava::dave
