#include "ratchet_tree.h"

#include <algorithm>

#include "crypto.h"
#include "tls_codec.h"
#include "tree_math.h"

namespace lava::dave {
namespace {

constexpr std::uint8_t kNodeLeaf = 1;
constexpr std::uint8_t kNodeParent = 2;

void encode_parent(TlsWriter& w, const ParentNode& p) {
  w.opaque(p.encryption_key);
  w.opaque(p.parent_hash);
  w.vector([&](TlsWriter& v) {
    for (std::uint32_t l : p.unmerged_leaves) v.u32(l);
  });
}

ParentNode read_parent(TlsReader& r) {
  ParentNode p;
  const ByteView key = r.opaque();
  p.encryption_key.assign(key.begin(), key.end());
  const ByteView ph = r.opaque();
  p.parent_hash.assign(ph.begin(), ph.end());
  p.unmerged_leaves = read_vector<std::uint32_t>(r, [](TlsReader& i) { return i.u32(); });
  return p;
}

bool contains(const std::vector<std::uint32_t>& v, std::uint32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

const LeafNode* RatchetTree::leaf(std::uint32_t leaf_index) const {
  const std::uint32_t n = tree::leaf_to_node(leaf_index);
  if (n >= nodes_.size() || !nodes_[n].leaf) return nullptr;
  return &*nodes_[n].leaf;
}

std::uint32_t RatchetTree::add_leaf(LeafNode leaf) {
  std::uint32_t index = 0;
  while (index < leaf_count() && !nodes_[tree::leaf_to_node(index)].blank()) ++index;
  if (index == leaf_count()) nodes_.resize(nodes_.size() * 2 + 1);
  const std::uint32_t n = tree::leaf_to_node(index);
  nodes_[n].leaf = std::move(leaf);
  for (std::uint32_t p : tree::direct_path(n, leaf_count()))
    if (nodes_[p].parent) nodes_[p].parent->unmerged_leaves.push_back(index);
  return index;
}

bool RatchetTree::remove_leaf(std::uint32_t leaf_index) {
  if (!leaf(leaf_index)) return false;
  nodes_[tree::leaf_to_node(leaf_index)] = TreeNode{};
  blank_direct_path(leaf_index);
  truncate();
  return true;
}

void RatchetTree::blank_direct_path(std::uint32_t leaf_index) {
  for (std::uint32_t p : tree::direct_path(tree::leaf_to_node(leaf_index), leaf_count()))
    nodes_[p] = TreeNode{};
}

void RatchetTree::truncate() {
  // Halve while the right half holds no leaf at all (§12.1.3).
  while (leaf_count() > 1) {
    bool right_empty = true;
    for (std::uint32_t l = leaf_count() / 2; l < leaf_count(); ++l)
      right_empty = right_empty && nodes_[tree::leaf_to_node(l)].blank();
    if (!right_empty) break;
    nodes_.resize(nodes_.size() / 2);
  }
}

std::vector<std::uint32_t> RatchetTree::resolution(std::uint32_t node) const {
  const TreeNode& n = nodes_[node];
  if (n.leaf) return {node};
  if (n.parent) {
    std::vector<std::uint32_t> out{node};
    for (std::uint32_t l : n.parent->unmerged_leaves) out.push_back(tree::leaf_to_node(l));
    return out;
  }
  if (tree::level(node) == 0) return {};
  auto out = resolution(tree::left(node));
  auto right = resolution(tree::right(node));
  out.insert(out.end(), right.begin(), right.end());
  return out;
}

std::vector<RatchetTree::PathStep> RatchetTree::filtered_direct_path(
    std::uint32_t leaf_index) const {
  std::vector<PathStep> out;
  const std::uint32_t leaf = tree::leaf_to_node(leaf_index);
  const auto path = tree::direct_path(leaf, leaf_count());
  const auto copath = tree::copath(leaf, leaf_count());
  for (std::size_t i = 0; i < path.size(); ++i)
    if (!resolution(copath[i]).empty()) out.push_back({path[i], copath[i]});
  return out;
}

Bytes RatchetTree::tree_hash() const {
  return tree_hash(tree::root(leaf_count()));
}

Bytes RatchetTree::tree_hash(std::uint32_t node) const {
  return original_tree_hash(node, {});
}

// Tree hash with the leaves in `excluded` treated as blank and dropped from unmerged lists: the
// "original" tree a parent hash was computed over (§7.9.2).
Bytes RatchetTree::original_tree_hash(std::uint32_t node,
                                      const std::vector<std::uint32_t>& excluded) const {
  TlsWriter w;
  const TreeNode& n = nodes_[node];
  if (tree::level(node) == 0) {
    w.u8(kNodeLeaf);
    w.u32(tree::node_to_leaf(node));
    const bool present = n.leaf && !contains(excluded, tree::node_to_leaf(node));
    w.u8(present ? 1 : 0);
    if (present) n.leaf->encode(w);
  } else {
    w.u8(kNodeParent);
    w.u8(n.parent ? 1 : 0);
    if (n.parent) {
      ParentNode p = *n.parent;
      std::erase_if(p.unmerged_leaves, [&](std::uint32_t l) { return contains(excluded, l); });
      encode_parent(w, p);
    }
    w.opaque(original_tree_hash(tree::left(node), excluded));
    w.opaque(original_tree_hash(tree::right(node), excluded));
  }
  return sha256(w.bytes());
}

Bytes RatchetTree::parent_hash_of(std::uint32_t parent, std::uint32_t copath_child) const {
  const ParentNode& p = *nodes_[parent].parent;
  TlsWriter w;
  w.opaque(p.encryption_key);
  w.opaque(p.parent_hash);
  w.opaque(original_tree_hash(copath_child, p.unmerged_leaves));
  return sha256(w.bytes());
}

Bytes RatchetTree::set_path_parent_hashes(std::uint32_t leaf_index) {
  const auto path = filtered_direct_path(leaf_index);
  Bytes hash;  // the top node of the path stores an empty parent hash
  for (std::size_t i = path.size(); i-- > 0;) {
    nodes_[path[i].node].parent->parent_hash = hash;
    hash = parent_hash_of(path[i].node, path[i].copath_child);
  }
  return hash;
}

bool RatchetTree::parent_hashes_valid() const {
  // Each non-blank parent must be the target of exactly one valid link from a node below it.
  std::vector<int> covered(nodes_.size(), 0);
  for (std::uint32_t node = 0; node < nodes_.size(); ++node) {
    const TreeNode& n = nodes_[node];
    if (n.blank() || node == tree::root(leaf_count())) continue;
    const Bytes& stored = n.leaf ? n.leaf->parent_hash : n.parent->parent_hash;
    if (n.leaf && n.leaf->source != LeafNodeSource::commit) continue;
    // Walk up to the first parent P whose hash, seen from this side, matches the stored value.
    std::uint32_t child = node;
    while (child != tree::root(leaf_count())) {
      const std::uint32_t p = tree::parent(child);
      const std::uint32_t other = tree::sibling(child);
      if (nodes_[p].parent && parent_hash_of(p, other) == stored) {
        ++covered[p];
        break;
      }
      child = p;
    }
  }
  for (std::uint32_t node = 0; node < nodes_.size(); ++node)
    if (nodes_[node].parent && covered[node] != 1) return false;
  return true;
}

Bytes RatchetTree::encode() const {
  std::size_t end = nodes_.size();
  while (end > 0 && nodes_[end - 1].blank()) --end;
  TlsWriter w;
  w.vector([&](TlsWriter& v) {
    for (std::size_t i = 0; i < end; ++i) {
      const TreeNode& n = nodes_[i];
      v.u8(n.blank() ? 0 : 1);
      if (n.leaf) {
        v.u8(kNodeLeaf);
        n.leaf->encode(v);
      } else if (n.parent) {
        v.u8(kNodeParent);
        encode_parent(v, *n.parent);
      }
    }
  });
  return w.take();
}

std::optional<RatchetTree> RatchetTree::decode(ByteView data) {
  TlsReader r(data);
  RatchetTree t;
  TlsReader body = r.vector();
  while (body.ok() && body.remaining() > 0) {
    const bool is_leaf_slot = t.nodes_.size() % 2 == 0;
    TreeNode n;
    if (body.presence()) {
      const std::uint8_t type = body.u8();
      if (type == kNodeLeaf && is_leaf_slot) {
        n.leaf = LeafNode::read(body);
      } else if (type == kNodeParent && !is_leaf_slot) {
        n.parent = read_parent(body);
      } else {
        return std::nullopt;
      }
    }
    t.nodes_.push_back(std::move(n));
  }
  if (!body.ok() || !r.done() || t.nodes_.empty() || t.nodes_.back().blank()) return std::nullopt;
  std::size_t width = 1;
  while (width < t.nodes_.size()) width = width * 2 + 1;
  t.nodes_.resize(width);
  return t;
}

bool RatchetTree::has_identity(ByteView identity) const {
  for (const TreeNode& n : nodes_)
    if (n.leaf && equal(n.leaf->credential.identity, identity)) return true;
  return false;
}

std::optional<std::uint32_t> RatchetTree::find_leaf(const LeafNode& leaf) const {
  for (std::uint32_t i = 0; i < leaf_count(); ++i)
    if (this->leaf(i) && *this->leaf(i) == leaf) return i;
  return std::nullopt;
}

}  // namespace lava::dave
