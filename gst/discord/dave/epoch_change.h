// Pieces shared by every epoch change: applying Add/Remove proposals to the tree and the
// interim transcript hash (RFC 9420 §8.2, §12.3).
#pragma once

#include <cstdint>
#include <vector>

#include "bytes.h"
#include "framing.h"
#include "ratchet_tree.h"

namespace lava::dave {

struct AppliedProposals {
  std::vector<std::uint32_t> joiners;  // leaf indices of added members, in proposal order
  std::vector<const KeyPackage*> joiner_packages;
  bool has_remove = false;
};

// Removes first, then adds (the §12.3 order). Fails when the committer or `self` is removed,
// a Remove names a blank leaf, or the result would hold one user id twice (a DAVE rule).
Result<AppliedProposals> apply_proposals(RatchetTree& tree, const std::vector<Proposal>& proposals,
                                         std::uint32_t committer, std::uint32_t self);
bool identities_unique(const RatchetTree& tree);
Bytes interim_transcript_hash(ByteView confirmed, ByteView confirmation_tag);

}  // namespace lava::dave
