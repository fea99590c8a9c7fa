#include "treekem.h"

#include <algorithm>

#include "crypto.h"
#include "hpke.h"
#include "mls_crypto.h"
#include "tree_math.h"

namespace lava::dave {
namespace {

P256KeyPair node_key(ByteView path_secret) {
  // DeriveKeyPair fails with probability ~2^-256 per candidate over 256 candidates.
  return *hpke_derive_key_pair(derive_secret(path_secret, "node"));
}

bool is_joiner(const std::vector<std::uint32_t>& joiners, std::uint32_t node) {
  return tree::level(node) == 0 &&
         std::find(joiners.begin(), joiners.end(), tree::node_to_leaf(node)) != joiners.end();
}

std::vector<std::uint32_t> resolution_without(const RatchetTree& tree, std::uint32_t node,
                                              const std::vector<std::uint32_t>& joiners) {
  auto res = tree.resolution(node);
  std::erase_if(res, [&](std::uint32_t n) { return is_joiner(joiners, n); });
  return res;
}

}  // namespace

CreatedPath create_update_path(RatchetTree& tree, std::uint32_t leaf_index,
                               const P256KeyPair& signature_key, ByteView group_id) {
  CreatedPath out;
  tree.blank_direct_path(leaf_index);
  out.steps = tree.filtered_direct_path(leaf_index);
  const P256KeyPair leaf_key = P256KeyPair::generate();
  Bytes secret = random_bytes(kHashSize);
  for (const auto& step : out.steps) {
    out.path_secrets.push_back(secret);
    P256KeyPair key = node_key(secret);
    tree.node(step.node).parent = ParentNode{key.public_key, {}, {}};
    out.path.nodes.push_back({key.public_key, {}});
    out.keys.emplace(step.node, std::move(key));
    secret = derive_secret(secret, "path");
  }
  out.commit_secret = out.steps.empty() ? Bytes(kHashSize, 0) : secret;

  const std::uint32_t leaf_node = tree::leaf_to_node(leaf_index);
  LeafNode leaf = *tree.node(leaf_node).leaf;
  leaf.encryption_key = leaf_key.public_key;
  leaf.source = LeafNodeSource::commit;
  leaf.parent_hash = tree.set_path_parent_hashes(leaf_index);
  leaf.sign(signature_key, group_id, leaf_index);
  tree.node(leaf_node).leaf = leaf;
  out.path.leaf_node = std::move(leaf);
  out.keys.emplace(leaf_node, leaf_key);
  return out;
}

void encrypt_update_path(CreatedPath& created, const RatchetTree& tree,
                         const GroupContext& provisional,
                         const std::vector<std::uint32_t>& joiners) {
  const Bytes context = provisional.encode();
  for (std::size_t i = 0; i < created.steps.size(); ++i) {
    for (std::uint32_t n : resolution_without(tree, created.steps[i].copath_child, joiners)) {
      const auto sealed = encrypt_with_label(tree.node(n).encryption_key(), "UpdatePathNode",
                                             context, created.path_secrets[i]);
      created.path.nodes[i].encrypted_path_secret.push_back({sealed.kem_output, sealed.ciphertext});
    }
  }
}

Status merge_update_path(RatchetTree& tree, std::uint32_t sender, const UpdatePath& path,
                         ByteView group_id) {
  const LeafNode* old = tree.leaf(sender);
  if (!old) return Status::failure("UpdatePath from a blank leaf");
  const LeafNode& leaf = path.leaf_node;
  if (leaf.source != LeafNodeSource::commit || !leaf.verify(group_id, sender))
    return Status::failure("UpdatePath leaf node is not a valid commit leaf");
  if (leaf.signature_key != old->signature_key || !(leaf.credential == old->credential))
    return Status::failure("UpdatePath changes the committer's identity or signature key");
  if (!p256_valid_public(leaf.encryption_key))
    return Status::failure("UpdatePath leaf encryption key is invalid");
  tree.blank_direct_path(sender);
  const auto steps = tree.filtered_direct_path(sender);
  if (steps.size() != path.nodes.size())
    return Status::failure("UpdatePath length does not match the filtered direct path");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!p256_valid_public(path.nodes[i].encryption_key))
      return Status::failure("UpdatePath node key is invalid");
    tree.node(steps[i].node).parent = ParentNode{path.nodes[i].encryption_key, {}, {}};
  }
  if (tree.set_path_parent_hashes(sender) != leaf.parent_hash)
    return Status::failure("UpdatePath parent hash mismatch");
  tree.node(tree::leaf_to_node(sender)).leaf = leaf;
  return {};
}

Result<DecryptedPath> derive_path_from(const RatchetTree& tree,
                                       const std::vector<RatchetTree::PathStep>& steps,
                                       std::size_t first, Bytes path_secret) {
  DecryptedPath out;
  for (std::size_t i = first; i < steps.size(); ++i) {
    P256KeyPair key = node_key(path_secret);
    const TreeNode& n = tree.node(steps[i].node);
    if (!n.parent || n.parent->encryption_key != key.public_key)
      return Result<DecryptedPath>::failure("derived path key does not match the tree");
    out.keys.emplace(steps[i].node, std::move(key));
    path_secret = derive_secret(path_secret, "path");
  }
  out.commit_secret = std::move(path_secret);
  return out;
}

Result<DecryptedPath> decrypt_update_path(const RatchetTree& tree, std::uint32_t sender,
                                          std::uint32_t self, const UpdatePath& path,
                                          const GroupContext& provisional,
                                          const std::vector<std::uint32_t>& joiners,
                                          const NodeKeys& own_keys) {
  using R = Result<DecryptedPath>;
  const auto steps = tree.filtered_direct_path(sender);
  const std::uint32_t self_node = tree::leaf_to_node(self);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!tree::is_in_subtree(steps[i].copath_child, self_node)) continue;
    const auto res = resolution_without(tree, steps[i].copath_child, joiners);
    if (res.size() != path.nodes[i].encrypted_path_secret.size())
      return R::failure("UpdatePath ciphertext count does not match the resolution");
    for (std::size_t j = 0; j < res.size(); ++j) {
      const auto key = own_keys.find(res[j]);
      if (key == own_keys.end() || key->second.public_key != tree.node(res[j]).encryption_key())
        continue;
      const auto& ct = path.nodes[i].encrypted_path_secret[j];
      auto secret = decrypt_with_label(key->second.private_key, "UpdatePathNode",
                                       provisional.encode(), ct.kem_output, ct.ciphertext);
      if (!secret) return R::failure("cannot decrypt our path secret");
      return derive_path_from(tree, steps, i, std::move(*secret));
    }
    return R::failure("no key of ours in the UpdatePath resolution");
  }
  return R::failure("UpdatePath does not cover our leaf");
}

}  // namespace lava::dave
