#include "epoch_change.h"

#include <set>

#include "crypto.h"
#include "tls_codec.h"

namespace lava::dave {

bool identities_unique(const RatchetTree& tree) {
  std::set<Bytes> seen;
  for (std::uint32_t i = 0; i < tree.leaf_count(); ++i)
    if (const LeafNode* l = tree.leaf(i); l && !seen.insert(l->credential.identity).second)
      return false;
  return true;
}

Result<AppliedProposals> apply_proposals(RatchetTree& tree, const std::vector<Proposal>& proposals,
                                         std::uint32_t committer, std::uint32_t self) {
  using R = Result<AppliedProposals>;
  AppliedProposals out;
  for (const auto& p : proposals) {
    const auto* remove = std::get_if<RemoveProposal>(&p);
    if (!remove) continue;
    if (remove->removed == committer) return R::failure("commit removes its own sender");
    if (remove->removed == self) return R::failure("this member was removed");
    if (!tree.remove_leaf(remove->removed)) return R::failure("Remove names a blank leaf");
    out.has_remove = true;
  }
  for (const auto& p : proposals) {
    const auto* add = std::get_if<AddProposal>(&p);
    if (!add) continue;
    out.joiners.push_back(tree.add_leaf(add->key_package.leaf_node));
    out.joiner_packages.push_back(&add->key_package);
  }
  if (!identities_unique(tree)) return R::failure("group would hold one user id twice");
  return out;
}

Bytes interim_transcript_hash(ByteView confirmed, ByteView confirmation_tag) {
  TlsWriter w;
  w.raw(confirmed);
  w.opaque(confirmation_tag);
  return sha256(w.bytes());
}

}  // namespace lava::dave
