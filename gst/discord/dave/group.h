// One member's view of an MLS group (RFC 9420) as DAVE uses it: a one-member group at epoch 0,
// external Add/Remove proposals from the single external sender, by-reference Commits (ours or
// another member's), joining from a Welcome, and the exporter.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "bytes.h"
#include "framing.h"
#include "key_schedule.h"
#include "mls_structs.h"
#include "ratchet_tree.h"
#include "treekem.h"
#include "welcome.h"

namespace lava::dave {

// Our long-lived member material: the signature key and the leaf we create key packages from.
struct MemberKeys {
  P256KeyPair signature;
  P256KeyPair leaf_encryption;  // the leaf's HPKE key
  P256KeyPair init;             // the KeyPackage init key (used once, by the Welcome)
  KeyPackage key_package;

  static MemberKeys create(std::uint64_t user_id);
};

struct CachedProposal {
  Bytes ref;
  Proposal proposal;
};

class Group {
 public:
  // The one-member group at epoch 0 every pending DAVE member creates (RFC 9420 §11).
  static Group create(Bytes group_id, const MemberKeys& keys, const ExternalSender& gateway);
  // Joins from a Welcome made for `keys.key_package`.
  static Result<Group> join(const Welcome& welcome, const MemberKeys& keys);

  // Checks an external proposal (sender external 0, this epoch, signed by the gateway) and
  // caches it; returns its ProposalRef.
  Result<Bytes> add_external_proposal(const PublicMessage& message);
  // Drops a cached proposal; false when no proposal has that ref.
  bool revoke_proposal(ByteView ref);
  const std::vector<CachedProposal>& proposals() const { return proposals_; }

  struct Committed;
  // Commits every cached proposal by reference (UpdatePath only when a Remove needs one).
  Result<Committed> commit() const;
  // Applies another member's Commit (all proposals must be cached here).
  Result<Group> handle_commit(const PublicMessage& commit) const;

  Bytes export_secret(std::string_view label, ByteView context, std::size_t length) const {
    return secrets_.export_secret(label, context, length);
  }
  std::uint64_t epoch() const { return context_.epoch; }
  const Bytes& group_id() const { return context_.group_id; }
  std::uint32_t own_leaf() const { return own_leaf_; }
  const RatchetTree& tree() const { return tree_; }
  const Bytes& epoch_authenticator() const { return secrets_.epoch_authenticator; }
  const GroupContext& context() const { return context_; }
  const std::vector<ExternalSender>& external_senders() const { return external_senders_; }
  // User ids of every member, in leaf order; nullopt entries are blank leaves.
  std::vector<std::optional<std::uint64_t>> roster() const;

 private:
  Group() = default;
  void set_extensions(std::vector<Extension> extensions);
  Status resolve(const Commit& commit, std::vector<Proposal>& out) const;
  void keep_valid_keys();
  void finish_epoch(const GroupContext& next, ByteView commit_secret, ByteView confirmed_input);

  GroupContext context_;
  std::vector<Extension> extensions_;
  std::vector<ExternalSender> external_senders_;
  RatchetTree tree_;
  std::uint32_t own_leaf_ = 0;
  P256KeyPair signature_key_;
  NodeKeys keys_;
  EpochSecrets secrets_;
  Bytes interim_transcript_hash_;
  std::vector<CachedProposal> proposals_;
};

struct Group::Committed {
  Bytes commit_message;            // MLSMessage(PublicMessage)
  std::optional<Welcome> welcome;  // present when the commit adds members
  Group next;                      // our state once the gateway announces this commit
};

}  // namespace lava::dave
