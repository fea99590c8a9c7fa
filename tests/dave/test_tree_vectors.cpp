// RFC 9420 tree-validation and transcript-hashes vectors (suite 2).
#include <gtest/gtest.h>

#include "dave/crypto.h"
#include "dave/epoch_change.h"
#include "dave/framing.h"
#include "dave/ratchet_tree.h"
#include "hex.h"
#include "rfc9420_tree_vectors.h"

namespace lava::dave {
namespace {

using test::from_hex;
using test::to_hex;

TEST(TreeVectors, ResolutionsTreeHashesParentHashesAndSignatures) {
  ASSERT_EQ(vectors::tree_validation_vectors().size(), 11u);
  for (const auto& v : vectors::tree_validation_vectors()) {
    auto tree = RatchetTree::decode(from_hex(v.tree));
    ASSERT_TRUE(tree);
    ASSERT_EQ(tree->node_count(), v.tree_hashes.size());
    for (std::uint32_t i = 0; i < tree->node_count(); ++i) {
      EXPECT_EQ(to_hex(tree->tree_hash(i)), v.tree_hashes[i]) << i;
      EXPECT_EQ(tree->resolution(i), v.resolutions[i]) << i;
    }
    EXPECT_TRUE(tree->parent_hashes_valid());
    const Bytes group_id = from_hex(v.group_id);
    for (std::uint32_t l = 0; l < tree->leaf_count(); ++l) {
      if (const LeafNode* leaf = tree->leaf(l)) {
        EXPECT_TRUE(leaf->verify(group_id, l)) << l;
      }
    }
    // Our encoding of the parsed tree is byte-identical.
    EXPECT_EQ(to_hex(tree->encode()), v.tree);
  }
}

TEST(TreeVectors, TamperedParentHashIsDetected) {
  ASSERT_GE(vectors::tree_validation_vectors().size(), 2u);
  const auto& v = vectors::tree_validation_vectors()[1];
  auto tree = RatchetTree::decode(from_hex(v.tree));
  ASSERT_TRUE(tree);
  bool tampered = false;
  for (std::uint32_t i = 1; i < tree->node_count() && !tampered; i += 2) {
    if (auto& p = tree->node(i).parent; p && !p->parent_hash.empty()) {
      p->parent_hash[0] ^= 1;
      tampered = true;
    }
  }
  ASSERT_TRUE(tampered);
  EXPECT_FALSE(tree->parent_hashes_valid());
}

TEST(TreeVectors, TranscriptHashes) {
  const auto& v = vectors::kTranscript;
  const Bytes ac = from_hex(v.authenticated_content);
  TlsReader r(ac);
  ASSERT_EQ(r.u16(), 1);  // mls_public_message
  PublicMessage m;
  m.content = FramedContent::read(r);
  const ByteView sig = r.opaque();
  const ByteView tag = r.opaque();
  ASSERT_TRUE(r.done());
  m.signature.assign(sig.begin(), sig.end());
  m.confirmation_tag.assign(tag.begin(), tag.end());
  EXPECT_EQ(m.authenticated_content(), ac);

  const Bytes confirmed =
      sha256(concat(from_hex(v.interim_before), m.confirmed_transcript_input()));
  EXPECT_EQ(to_hex(confirmed), v.confirmed_after);
  EXPECT_EQ(hmac_sha256(from_hex(v.confirmation_key), confirmed), m.confirmation_tag);
  EXPECT_EQ(to_hex(interim_transcript_hash(confirmed, m.confirmation_tag)), v.interim_after);
}

TEST(TreeVectors, MalformedTreesAreRejected) {
  ASSERT_FALSE(vectors::tree_validation_vectors().empty());
  const Bytes good = from_hex(vectors::tree_validation_vectors()[0].tree);
  for (std::size_t cut = 0; cut < good.size(); cut += 7)
    EXPECT_FALSE(RatchetTree::decode(ByteView(good).first(cut))) << cut;
  EXPECT_FALSE(RatchetTree::decode(from_hex("0100")));    // present but no type
  EXPECT_FALSE(RatchetTree::decode(from_hex("020102")));  // a parent in a leaf slot
  EXPECT_FALSE(RatchetTree::decode(from_hex("00")));      // empty tree
}

}  // namespace
}  // namespace lava::dave
