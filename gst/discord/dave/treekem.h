// TreeKEM (RFC 9420 §7.4–7.6, §12.4.2): creating an UpdatePath for our own Commit and merging and
// decrypting one from another member's Commit.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "bytes.h"
#include "framing.h"
#include "key_schedule.h"
#include "p256.h"
#include "ratchet_tree.h"

namespace lava::dave {

// Private HPKE keys we hold, by node index.
using NodeKeys = std::map<std::uint32_t, P256KeyPair>;

struct CreatedPath {
  UpdatePath path;
  std::vector<RatchetTree::PathStep> steps;  // filtered direct path, bottom-up
  std::vector<Bytes> path_secrets;           // one per step
  Bytes commit_secret;
  NodeKeys keys;  // the new leaf key and one key per step
};

// Replaces our leaf's path in `tree` with fresh keys and a re-signed commit-source leaf. The
// path secrets are not encrypted yet: that needs the provisional GroupContext, which needs the
// resulting tree hash.
CreatedPath create_update_path(RatchetTree& tree, std::uint32_t leaf_index,
                               const P256KeyPair& signature_key, ByteView group_id);
// Encrypts each path secret to the resolution of its copath child, skipping `joiners`.
void encrypt_update_path(CreatedPath& created, const RatchetTree& tree,
                         const GroupContext& provisional,
                         const std::vector<std::uint32_t>& joiners);

// Merges another member's UpdatePath into `tree` after checking the new leaf (source commit,
// signature, unchanged identity and signature key) and its parent hash.
Status merge_update_path(RatchetTree& tree, std::uint32_t sender, const UpdatePath& path,
                         ByteView group_id);

struct DecryptedPath {
  Bytes commit_secret;
  NodeKeys keys;  // keys for the path nodes from our common ancestor with the sender upwards
};
// Decrypts the path secret meant for us (`tree` already merged) and derives the rest, checking
// each derived public key against the tree.
Result<DecryptedPath> decrypt_update_path(const RatchetTree& tree, std::uint32_t sender,
                                          std::uint32_t self, const UpdatePath& path,
                                          const GroupContext& provisional,
                                          const std::vector<std::uint32_t>& joiners,
                                          const NodeKeys& own_keys);

// Derives node keys from `path_secret` placed at `steps[first]` upwards; checks them against the
// tree and returns the commit secret.
Result<DecryptedPath> derive_path_from(const RatchetTree& tree,
                                       const std::vector<RatchetTree::PathStep>& steps,
                                       std::size_t first, Bytes path_secret);

}  // namespace lava::dave
