// Group::commit and Group::handle_commit: the two ways an epoch ends for a DAVE member.
#include <algorithm>

#include "crypto.h"
#include "epoch_change.h"
#include "group.h"
#include "mls_crypto.h"
#include "tree_math.h"

namespace lava::dave {
namespace {

GroupContext provisional_context(const GroupContext& current, const RatchetTree& tree) {
  GroupContext next = current;
  next.epoch = current.epoch + 1;
  next.tree_hash = tree.tree_hash();
  return next;
}

// The path secret a joiner needs: the one at the lowest path node above its leaf.
std::optional<Bytes> joiner_path_secret(const CreatedPath& created, std::uint32_t joiner) {
  for (std::size_t i = 0; i < created.steps.size(); ++i)
    if (tree::is_in_subtree(created.steps[i].node, tree::leaf_to_node(joiner)))
      return created.path_secrets[i];
  return std::nullopt;
}

}  // namespace

Result<Group::Committed> Group::commit() const {
  using R = Result<Committed>;
  if (proposals_.empty()) return R::failure("no proposals to commit");
  Commit commit;
  std::vector<Proposal> proposals;
  for (const auto& p : proposals_) {
    commit.proposal_refs.push_back(p.ref);
    proposals.push_back(p.proposal);
  }
  Group next = *this;
  auto applied = apply_proposals(next.tree_, proposals, own_leaf_, own_leaf_);
  if (!applied) return R::failure(applied.error());

  // A path is needed only when a Remove is covered (RFC 9420 §12.4); DAVE does not force one.
  std::optional<CreatedPath> created;
  Bytes commit_secret(kHashSize, 0);
  if (applied->has_remove)
    created = create_update_path(next.tree_, own_leaf_, signature_key_, context_.group_id);
  GroupContext provisional = provisional_context(context_, next.tree_);
  if (created) {
    encrypt_update_path(*created, next.tree_, provisional, applied->joiners);
    commit_secret = created->commit_secret;
    commit.path = created->path;
    next.keys_ = created->keys;
  } else {
    next.keep_valid_keys();
  }

  PublicMessage m;
  m.content = {context_.group_id,   context_.epoch, {SenderType::member, own_leaf_}, {},
               ContentType::commit, commit};
  m.signature =
      sign_with_label(signature_key_, "FramedContentTBS", m.content.to_be_signed(&context_));
  next.finish_epoch(provisional, commit_secret, m.confirmed_transcript_input());
  m.confirmation_tag =
      hmac_sha256(next.secrets_.confirmation_key, next.context_.confirmed_transcript_hash);
  m.membership_tag = hmac_sha256(secrets_.membership_key, m.membership_tag_input(context_));
  next.interim_transcript_hash_ =
      interim_transcript_hash(next.context_.confirmed_transcript_hash, m.confirmation_tag);

  std::optional<Welcome> welcome;
  if (!applied->joiners.empty()) {
    GroupInfo info{next.context_,
                   {{kExtensionRatchetTree, next.tree_.encode()}},
                   m.confirmation_tag,
                   own_leaf_,
                   {}};
    info.sign(signature_key_);
    std::vector<std::pair<const KeyPackage*, GroupSecrets>> joiners;
    for (std::size_t i = 0; i < applied->joiners.size(); ++i) {
      GroupSecrets s{next.secrets_.joiner_secret, std::nullopt};
      if (created) s.path_secret = joiner_path_secret(*created, applied->joiners[i]);
      joiners.emplace_back(applied->joiner_packages[i], std::move(s));
    }
    welcome = seal_welcome(info, next.secrets_.welcome_secret, joiners);
  }
  return Committed{m.encode_message(), std::move(welcome), std::move(next)};
}

Result<Group> Group::handle_commit(const PublicMessage& m) const {
  using R = Result<Group>;
  const FramedContent& c = m.content;
  if (c.group_id != context_.group_id) return R::failure("commit for another group");
  if (c.epoch != context_.epoch) return R::failure("commit for another epoch");
  if (c.type != ContentType::commit) return R::failure("not a commit");
  if (c.sender.type != SenderType::member) return R::failure("commit not from a member");
  const std::uint32_t sender = c.sender.index;
  const LeafNode* sender_leaf = tree_.leaf(sender);
  if (!sender_leaf || sender == own_leaf_) return R::failure("commit sender is not another member");
  if (!constant_time_equal(hmac_sha256(secrets_.membership_key, m.membership_tag_input(context_)),
                           m.membership_tag))
    return R::failure("commit membership tag does not verify");
  if (!verify_with_label(sender_leaf->signature_key, "FramedContentTBS", c.to_be_signed(&context_),
                         m.signature))
    return R::failure("commit signature does not verify");

  const Commit& commit = std::get<Commit>(c.body);
  std::vector<Proposal> proposals;
  if (Status s = resolve(commit, proposals); !s) return R::failure(s.error());
  if (proposals.empty()) return R::failure("commit covers no proposals");
  Group next = *this;
  auto applied = apply_proposals(next.tree_, proposals, sender, own_leaf_);
  if (!applied) return R::failure(applied.error());
  if (applied->has_remove && !commit.path) return R::failure("commit lacks its required path");

  Bytes commit_secret(kHashSize, 0);
  NodeKeys path_keys;
  if (commit.path) {
    if (Status s = merge_update_path(next.tree_, sender, *commit.path, c.group_id); !s)
      return R::failure(s.error());
  }
  const GroupContext provisional = provisional_context(context_, next.tree_);
  if (commit.path) {
    auto decrypted = decrypt_update_path(next.tree_, sender, own_leaf_, *commit.path, provisional,
                                         applied->joiners, keys_);
    if (!decrypted) return R::failure(decrypted.error());
    commit_secret = decrypted->commit_secret;
    path_keys = std::move(decrypted->keys);
  }
  next.keep_valid_keys();
  next.keys_.merge(path_keys);

  next.finish_epoch(provisional, commit_secret, m.confirmed_transcript_input());
  if (!constant_time_equal(
          hmac_sha256(next.secrets_.confirmation_key, next.context_.confirmed_transcript_hash),
          m.confirmation_tag))
    return R::failure("commit confirmation tag does not verify");
  next.interim_transcript_hash_ =
      interim_transcript_hash(next.context_.confirmed_transcript_hash, m.confirmation_tag);
  return next;
}

}  // namespace lava::dave
