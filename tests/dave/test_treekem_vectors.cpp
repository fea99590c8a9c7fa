// RFC 9420 treekem vectors (suite 2): merge and decrypt their UpdatePaths, then make our own
// over the same trees and check every member decrypts it to the same commit secret.
#include <gtest/gtest.h>

#include "dave/hpke.h"
#include "dave/mls_crypto.h"
#include "dave/tree_math.h"
#include "dave/treekem.h"
#include "hex.h"
#include "rfc9420_treekem_vectors.h"

namespace lava::dave {
namespace {

using test::from_hex;
using test::to_hex;

NodeKeys keys_of(const vectors::TreeKemLeaf& leaf) {
  NodeKeys keys;
  keys.emplace(tree::leaf_to_node(leaf.index),
               *P256KeyPair::from_private(from_hex(leaf.encryption_priv)));
  for (const auto& [node, secret] : leaf.path_secrets)
    keys.emplace(node, *hpke_derive_key_pair(derive_secret(from_hex(secret), "node")));
  return keys;
}

GroupContext context_for(const vectors::TreeKemCase& c, const RatchetTree& tree) {
  GroupContext ctx;
  ctx.group_id = from_hex(c.group_id);
  ctx.epoch = c.epoch;
  ctx.confirmed_transcript_hash = from_hex(c.confirmed_transcript_hash);
  ctx.tree_hash = tree.tree_hash();
  return ctx;
}

TEST(TreeKemVectors, TheirPathsMergeAndDecrypt) {
  for (const auto& c : vectors::kTreeKem) {
    auto tree = RatchetTree::decode(from_hex(c.ratchet_tree));
    ASSERT_TRUE(tree);
    for (const auto& p : c.paths) {
      SCOPED_TRACE(p.sender);
      const Bytes encoded = from_hex(p.update_path);
      TlsReader r(encoded);
      const UpdatePath path = read_update_path(r);
      ASSERT_TRUE(r.done());
      RatchetTree merged = *tree;
      ASSERT_TRUE(merge_update_path(merged, p.sender, path, from_hex(c.group_id)));
      EXPECT_EQ(to_hex(merged.tree_hash()), p.tree_hash_after);
      const GroupContext ctx = context_for(c, merged);
      for (const auto& leaf : c.leaves) {
        if (leaf.index == p.sender) continue;
        auto out = decrypt_update_path(merged, p.sender, leaf.index, path, ctx, {}, keys_of(leaf));
        ASSERT_TRUE(out) << out.error();
        EXPECT_EQ(to_hex(out->commit_secret), p.commit_secret) << leaf.index;
      }
    }
  }
}

TEST(TreeKemVectors, OurPathsDecryptForEveryMember) {
  for (const auto& c : vectors::kTreeKem) {
    auto tree = RatchetTree::decode(from_hex(c.ratchet_tree));
    ASSERT_TRUE(tree);
    for (const auto& sender : c.leaves) {
      RatchetTree updated = *tree;
      auto signer = P256KeyPair::from_private(from_hex(sender.signature_priv));
      ASSERT_TRUE(signer);
      CreatedPath created =
          create_update_path(updated, sender.index, *signer, from_hex(c.group_id));
      const GroupContext ctx = context_for(c, updated);
      encrypt_update_path(created, updated, ctx, {});
      RatchetTree merged = *tree;
      ASSERT_TRUE(merge_update_path(merged, sender.index, created.path, from_hex(c.group_id)));
      EXPECT_EQ(merged.tree_hash(), updated.tree_hash());
      EXPECT_TRUE(merged.parent_hashes_valid());
      for (const auto& leaf : c.leaves) {
        if (leaf.index == sender.index) continue;
        auto out = decrypt_update_path(merged, sender.index, leaf.index, created.path, ctx, {},
                                       keys_of(leaf));
        ASSERT_TRUE(out) << out.error();
        EXPECT_EQ(out->commit_secret, created.commit_secret);
      }
    }
  }
}

}  // namespace
}  // namespace lava::dave
