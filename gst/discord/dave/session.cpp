#include "session.h"

namespace lava::dave {

Session::Session(std::uint64_t self_user_id, std::uint64_t channel_id)
    : self_user_id_(self_user_id), group_id_(user_id_identity(channel_id)) {}

Bytes Session::reset() {
  current_.reset();
  outbound_.reset();
  outbound_commit_.clear();
  keys_ = MemberKeys::create(self_user_id_);
  create_pending_group();
  return make_key_package_frame(keys_->key_package);
}

void Session::create_pending_group() {
  pending_.reset();
  if (keys_ && external_sender_) pending_ = Group::create(group_id_, *keys_, *external_sender_);
}

Status Session::set_external_sender(ByteView payload) {
  auto sender = parse_external_sender(payload);
  if (!sender) return Status::failure(sender.error());
  if (current_) return Status::failure("external sender changed inside an established group");
  external_sender_ = std::move(*sender);
  create_pending_group();
  return {};
}

Group* Session::working() {
  if (current_) return &*current_;
  return pending_ ? &*pending_ : nullptr;
}

Result<std::optional<Bytes>> Session::process_proposals(ByteView payload,
                                                        const std::set<std::uint64_t>& recognized) {
  using R = Result<std::optional<Bytes>>;
  auto message = parse_proposals(payload);
  if (!message) return R::failure(message.error());
  Group* group = working();
  if (!group) return std::optional<Bytes>{};
  for (const Bytes& ref : message->revoked_refs)
    if (!group->revoke_proposal(ref)) return R::failure("revoke of an unknown proposal");
  for (const PublicMessage& m : message->append) {
    if (m.content.type == ContentType::proposal) {
      if (const auto* add = std::get_if<AddProposal>(&std::get<Proposal>(m.content.body))) {
        const auto user = identity_user_id(add->key_package.leaf_node.credential.identity);
        if (!user || !recognized.contains(*user))
          return R::failure("Add proposal for a user not in the call");
      }
    }
    auto ref = group->add_external_proposal(m);
    if (!ref) return R::failure(ref.error());
  }
  if (group->proposals().empty()) return std::optional<Bytes>{};
  auto committed = group->commit();
  if (!committed) return R::failure(committed.error());
  outbound_commit_ = committed->commit_message;
  outbound_ = std::move(committed->next);
  return std::optional<Bytes>{make_commit_welcome_frame(outbound_commit_, committed->welcome)};
}

Result<Session::Outcome> Session::process_commit(ByteView payload) {
  using R = Result<Outcome>;
  auto announced = parse_announce_commit(payload);
  if (!announced) return R::failure(announced.error());
  if (outbound_ && announced->commit_bytes == outbound_commit_) {
    current_ = std::move(outbound_);
  } else if (current_) {
    auto next = current_->handle_commit(announced->commit);
    if (!next) return R::failure(next.error());
    current_ = std::move(*next);
  } else {
    return Outcome::ignored;  // a pending member joins through its Welcome instead
  }
  outbound_.reset();
  outbound_commit_.clear();
  pending_.reset();
  return Outcome::applied;
}

Result<Session::Outcome> Session::process_welcome(ByteView payload) {
  using R = Result<Outcome>;
  auto message = parse_welcome(payload);
  if (!message) return R::failure(message.error());
  if (current_) return Outcome::ignored;
  if (!keys_ || !external_sender_) return R::failure("Welcome before our key package");
  auto joined = Group::join(message->welcome, *keys_);
  if (!joined) return R::failure(joined.error());
  if (joined->external_senders().size() != 1 ||
      !(joined->external_senders()[0] == *external_sender_))
    return R::failure("Welcome names another external sender");
  current_ = std::move(*joined);
  pending_.reset();
  outbound_.reset();
  return Outcome::applied;
}

std::optional<std::uint64_t> Session::epoch() const {
  if (!current_) return std::nullopt;
  return current_->epoch();
}

std::optional<KeyRatchet> Session::ratchet_for(std::uint64_t user_id) const {
  if (!current_) return std::nullopt;
  return KeyRatchet(sender_base_secret(*current_, user_id));
}

}  // namespace lava::dave
