#include "dave_gateway.h"

#include <algorithm>
#include <string>

#include "dave/external_proposals.h"
#include "dave/gateway_messages.h"
#include "dave/mls_crypto.h"
#include "dave/tls_codec.h"
#include "voice_opcodes.h"

namespace lava::voicetest {

namespace {

using namespace lava::discord::voice_op;

void send_json(DaveLink* link, int op, const std::function<void(JsonObject*)>& fill) {
  if (!link) return;
  JsonObject* d = json_object_new();
  fill(d);
  link->send_json(op, d);
  json_object_unref(d);
}

JsonArray* user_array(const std::vector<std::uint64_t>& users) {
  JsonArray* a = json_array_new();
  for (auto u : users) json_array_add_string_element(a, std::to_string(u).c_str());
  return a;
}

bool is_add(const dave::Proposal& p) {
  return std::holds_alternative<dave::AddProposal>(p);
}

}  // namespace

DaveGateway::DaveGateway(std::uint64_t channel_id, Emit emit, int transition_timeout_ms)
    : group_id_(dave::user_id_identity(channel_id)),
      emit_(std::move(emit)),
      transition_timeout_ms_(transition_timeout_ms),
      key_(dave::P256KeyPair::generate()) {
  dave::TlsWriter w;
  dave::ExternalSender{key_.public_key, {dave::user_id_identity(0)}}.encode(w);
  external_sender_ = w.bytes();
}

DaveGateway::~DaveGateway() = default;

void DaveGateway::join(std::uint64_t user, DaveLink* link) {
  if (members_.contains(user)) leave(user);  // a new session of the same user replaces the old
  std::vector<std::uint64_t> others;
  for (auto& [id, m] : members_) {
    send_json(m.link, kClientsConnect, [&](JsonObject* d) {
      json_object_set_array_member(d, "user_ids", user_array({user}));
    });
    others.push_back(id);
  }
  members_[user].link = link;
  if (!others.empty())
    send_json(link, kClientsConnect, [&](JsonObject* d) {
      json_object_set_array_member(d, "user_ids", user_array(others));
    });
  link->send_binary(kDaveMlsExternalSender, external_sender_);
  emit_("dave_join", [&](JsonObject* o) {
    json_object_set_string_member(o, "user", std::to_string(user).c_str());
  });
}

void DaveGateway::relink(std::uint64_t user, DaveLink* link) {
  if (auto it = members_.find(user); it != members_.end()) it->second.link = link;
}

void DaveGateway::leave(std::uint64_t user) {
  auto it = members_.find(user);
  if (it == members_.end()) return;
  const Member gone = it->second;
  members_.erase(it);
  for (auto& [id, m] : members_)
    send_json(m.link, kClientDisconnect, [&](JsonObject* d) {
      json_object_set_string_member(d, "user_id", std::to_string(user).c_str());
    });
  emit_("dave_leave", [&](JsonObject* o) {
    json_object_set_string_member(o, "user", std::to_string(user).c_str());
  });
  if (transition_ && transition_->waiting.erase(user) && transition_->waiting.empty())
    execute_transition();
  if (!gone.add_ref.empty()) {
    std::erase_if(in_flight_, [&](const InFlight& f) { return f.ref == gone.add_ref; });
    const dave::Bytes revoke = dave::make_proposals_payload(true, {gone.add_ref});
    for (auto& [id, m] : members_)
      if (m.link && (!established_ || (m.leaf && !m.remove_proposed)))
        m.link->send_binary(kDaveMlsProposals, revoke);
  }
  if (!gone.leaf || !established_) return;
  std::vector<std::uint64_t> remaining;
  for (auto& [id, m] : members_)
    if (m.leaf && !m.remove_proposed && !m.needs_remove) remaining.push_back(id);
  if (remaining.size() == 1) return sole_member_reset(remaining[0]);
  if (remaining.empty()) return reset_group();
  if (!gone.remove_proposed) pending_removes_.push_back(*gone.leaf);
  propose_pending();
}

void DaveGateway::on_binary(std::uint64_t user, dave::ByteView frame) {
  if (frame.empty() || !members_.contains(user)) return;
  if (frame[0] == kDaveMlsKeyPackage) return on_key_package(user, frame);
  if (frame[0] == kDaveMlsCommitWelcome) return on_commit(user, frame);
  reject(user, "unexpected binary op " + std::to_string(frame[0]));
}

void DaveGateway::on_key_package(std::uint64_t user, dave::ByteView frame) {
  auto kp = dave::parse_key_package_frame(frame);
  if (!kp) return reject(user, "key package: " + kp.error());
  const auto identity = dave::identity_user_id(kp->leaf_node.credential.identity);
  if (!identity || *identity != user)
    return reject(user, "key package is not for the member's user id");
  if (kp->leaf_node.not_before != 0 || kp->leaf_node.not_after != ~0ull)
    return reject(user, "key package lifetime is not the full range");
  if (!kp->verify()) return reject(user, "key package signature does not verify");
  Member& m = members_[user];
  m.key_package = std::move(*kp);
  emit_("dave_key_package", [&](JsonObject* o) {
    json_object_set_string_member(o, "user", std::to_string(user).c_str());
  });
  if (!m.add_ref.empty()) {  // replaces an Add still in flight
    const dave::Bytes old = std::exchange(m.add_ref, {});
    std::erase_if(in_flight_, [&](const InFlight& f) { return f.ref == old; });
    const dave::Bytes revoke = dave::make_proposals_payload(true, {old});
    for (auto& [id, other] : members_)
      if (id != user && other.link && (!established_ || (other.leaf && !other.remove_proposed)))
        other.link->send_binary(kDaveMlsProposals, revoke);
  }
  if (established_) return propose_pending();
  // No group yet: the Add goes to every other pending member, and this member's new pending
  // group receives the Adds already in flight for the others.
  std::vector<dave::Bytes> others;
  for (const InFlight& f : in_flight_) others.push_back(f.message);
  const InFlight& add = propose(dave::AddProposal{*m.key_package}, user);
  m.add_ref = add.ref;
  const dave::Bytes payload = dave::make_proposals_payload(false, {add.message});
  for (auto& [id, other] : members_)
    if (id != user && other.link) other.link->send_binary(kDaveMlsProposals, payload);
  if (!others.empty() && m.link)
    m.link->send_binary(kDaveMlsProposals, dave::make_proposals_payload(false, others));
}

const DaveGateway::InFlight& DaveGateway::propose(const dave::Proposal& proposal,
                                                  std::uint64_t user) {
  dave::Bytes message = dave::make_external_proposal(group_id_, epoch_, proposal, key_);
  auto parsed = dave::parse_public_message(message);
  dave::Bytes ref = dave::make_proposal_ref(parsed->authenticated_content());
  in_flight_.push_back({std::move(ref), std::move(message), proposal, user});
  return in_flight_.back();
}

// Adds for members with a key package and Removes for departed or flagged ones, in one op 27
// to the established group, unless a transition is still running (it follows its execution).
void DaveGateway::propose_pending() {
  if (!established_ || transition_) return;
  std::vector<dave::Bytes> batch;
  for (std::uint32_t leaf : pending_removes_)
    batch.push_back(propose(dave::RemoveProposal{leaf}, 0).message);
  pending_removes_.clear();
  for (auto& [id, m] : members_) {
    if (m.leaf && m.needs_remove) {
      batch.push_back(propose(dave::RemoveProposal{*m.leaf}, id).message);
      m.needs_remove = false;
      m.remove_proposed = true;
    }
    if (m.key_package && m.add_ref.empty() && (!m.leaf || m.remove_proposed)) {
      const InFlight& add = propose(dave::AddProposal{*m.key_package}, id);
      m.add_ref = add.ref;
      batch.push_back(add.message);
    }
  }
  if (batch.empty()) return;
  const dave::Bytes payload = dave::make_proposals_payload(false, batch);
  for (auto& [id, m] : members_)
    if (m.link && m.leaf && !m.remove_proposed) m.link->send_binary(kDaveMlsProposals, payload);
}

std::optional<std::string> DaveGateway::check_commit(std::uint64_t user,
                                                     const dave::PublicMessage& commit,
                                                     std::vector<const InFlight*>& used) const {
  const dave::FramedContent& c = commit.content;
  if (!dave::equal(c.group_id, group_id_)) return "commit for another group";
  if (c.sender.type != dave::SenderType::member) return "commit not from a member";
  const Member& m = members_.at(user);
  if (established_ ? (!m.leaf || *m.leaf != c.sender.index) : c.sender.index != 0)
    return "commit sender is not the member's leaf";
  const auto& refs = std::get<dave::Commit>(c.body).proposal_refs;
  if (refs.empty()) return "commit without proposals";
  for (const dave::Bytes& ref : refs) {
    auto f = std::find_if(in_flight_.begin(), in_flight_.end(),
                          [&](const InFlight& p) { return p.ref == ref; });
    if (f == in_flight_.end()) return "commit references a proposal we did not send this epoch";
    if (!established_ && f->user == user) return "commit adds its own committer";
    if (std::find(used.begin(), used.end(), &*f) != used.end()) return "proposal referenced twice";
    used.push_back(&*f);
  }
  if (established_ && used.size() != in_flight_.size())
    return "commit leaves out proposals of this epoch";
  return std::nullopt;
}

void DaveGateway::on_commit(std::uint64_t user, dave::ByteView frame) {
  auto cw = dave::parse_commit_welcome_frame(frame);
  if (!cw) return reject(user, "commit: " + cw.error());
  if (cw->commit.content.epoch != epoch_ || transition_) {
    emit_("dave_commit_ignored", [&](JsonObject* o) {
      json_object_set_string_member(o, "user", std::to_string(user).c_str());
      json_object_set_int_member(o, "epoch", cw->commit.content.epoch);
    });
    return;
  }
  std::vector<const InFlight*> used;
  if (auto why = check_commit(user, cw->commit, used)) return reject(user, *why);
  const bool adds =
      std::any_of(used.begin(), used.end(), [](auto* f) { return is_add(f->proposal); });
  if (adds != cw->welcome.has_value())
    return reject(user, "a Welcome must come with exactly the commits that add members");
  apply_commit(user, used, cw->commit_bytes, cw->welcome);
}

// Applies Removes, then Adds (RFC 9420 §12.3) to our leaf map: an Add takes the leftmost blank
// leaf, else extends the tree.
void DaveGateway::apply_commit(std::uint64_t committer, const std::vector<const InFlight*>& used,
                               const dave::Bytes& commit_bytes,
                               const std::optional<dave::Welcome>& welcome) {
  ++commits_;
  if (!established_) {
    roster_.assign(1, committer);
    members_[committer].leaf = 0;
  }
  std::set<std::uint64_t> before;
  for (auto& [id, m] : members_)
    if (m.leaf) before.insert(id);
  for (const InFlight* f : used) {
    const auto* remove = std::get_if<dave::RemoveProposal>(&f->proposal);
    if (!remove || remove->removed >= roster_.size()) continue;
    if (auto& slot = roster_[remove->removed]) {
      if (auto it = members_.find(*slot);
          it != members_.end() && it->second.leaf == remove->removed) {
        it->second.leaf.reset();
        it->second.remove_proposed = false;
      }
      slot.reset();
    }
  }
  while (!roster_.empty() && !roster_.back()) roster_.pop_back();
  std::vector<std::pair<std::uint64_t, dave::Bytes>> added;  // user, KeyPackageRef
  for (const InFlight* f : used) {
    const auto* add = std::get_if<dave::AddProposal>(&f->proposal);
    if (!add) continue;
    auto blank = std::find(roster_.begin(), roster_.end(), std::nullopt);
    const auto leaf = static_cast<std::uint32_t>(blank - roster_.begin());
    if (blank == roster_.end()) roster_.emplace_back();
    roster_[leaf] = f->user;
    added.emplace_back(f->user, add->key_package.ref());
    if (auto it = members_.find(f->user); it != members_.end()) {
      it->second.leaf = leaf;
      it->second.key_package.reset();
    }
  }
  members_[committer].key_package.reset();
  const std::uint64_t from_epoch = epoch_;
  established_ = true;
  epoch_ = from_epoch + 1;
  in_flight_.clear();
  for (auto& [id, m] : members_) m.add_ref.clear();

  Transition t{next_transition_id_, {}};
  next_transition_id_ = next_transition_id_ % 65535 + 1;
  const dave::Bytes announce = dave::make_transition_payload(t.id, commit_bytes);
  for (auto id : before)
    if (auto& m = members_[id]; m.leaf && m.link) {
      m.link->send_binary(kDaveMlsAnnounceCommitTransition, announce);
      t.waiting.insert(id);
    }
  for (auto& [id, ref] : added) {
    auto it = members_.find(id);
    if (it == members_.end() || !it->second.link) continue;
    dave::Welcome mine = *welcome;  // only the group secrets encrypted for this member
    std::erase_if(mine.secrets, [&](const auto& s) { return s.new_member != ref; });
    it->second.link->send_binary(kDaveMlsWelcome,
                                 dave::make_transition_payload(t.id, mine.encode()));
    t.waiting.insert(id);
    ++welcomes_;
  }
  emit_("dave_commit", [&](JsonObject* o) {
    json_object_set_string_member(o, "committer", std::to_string(committer).c_str());
    json_object_set_int_member(o, "epoch", epoch_);
    json_object_set_int_member(o, "transition_id", t.id);
    json_object_set_int_member(o, "proposals", used.size());
    json_object_set_int_member(o, "welcomed", added.size());
  });
  transition_ = std::move(t);
  transition_timer_.reset(g_timeout_source_new(transition_timeout_ms_));
  g_source_set_callback(
      transition_timer_.get(),
      [](gpointer p) -> gboolean {
        auto* self = static_cast<DaveGateway*>(p);
        ++self->transition_timeouts_;
        self->transition_timer_.release();  // the source is destroyed by returning REMOVE
        self->execute_transition();
        return G_SOURCE_REMOVE;
      },
      this, nullptr);
  g_source_attach(transition_timer_.get(), nullptr);
  if (transition_->waiting.empty()) execute_transition();
}

void DaveGateway::execute_transition() {
  transition_timer_.reset();
  if (!transition_) return;
  const int id = transition_->id;
  transition_.reset();
  ++transitions_;
  for (auto& [user, m] : members_)
    if (m.leaf)
      send_json(m.link, kDaveExecuteTransition,
                [&](JsonObject* d) { json_object_set_int_member(d, "transition_id", id); });
  emit_("dave_execute", [&](JsonObject* o) {
    json_object_set_int_member(o, "transition_id", id);
    json_object_set_int_member(o, "epoch", epoch_);
  });
  propose_pending();
}

void DaveGateway::on_transition_ready(std::uint64_t user, std::int64_t transition_id) {
  if (!transition_ || transition_->id != transition_id) return;
  if (transition_->waiting.erase(user) && transition_->waiting.empty()) execute_transition();
}

void DaveGateway::on_invalid_commit_welcome(std::uint64_t user, std::int64_t transition_id) {
  ++invalid_reports_;
  emit_("dave_invalid_commit_welcome", [&](JsonObject* o) {
    json_object_set_string_member(o, "user", std::to_string(user).c_str());
    json_object_set_int_member(o, "transition_id", transition_id);
  });
  auto it = members_.find(user);
  if (it == members_.end()) return;
  if (transition_ && transition_->waiting.erase(user) && transition_->waiting.empty())
    execute_transition();
  if (it->second.leaf && !it->second.remove_proposed) it->second.needs_remove = true;
  propose_pending();
}

void DaveGateway::reset_group() {
  established_ = false;
  epoch_ = 0;
  roster_.clear();
  in_flight_.clear();
  pending_removes_.clear();
  transition_.reset();
  transition_timer_.reset();
  for (auto& [id, m] : members_) {
    m.leaf.reset();
    m.add_ref.clear();
    m.remove_proposed = m.needs_remove = false;
  }
}

// The last member of an established group starts over (protocol.md "Sole member reset"): it
// sends a new key package, and the group is created again when someone else joins.
void DaveGateway::sole_member_reset(std::uint64_t user) {
  ++resets_;
  reset_group();
  Member& m = members_[user];
  m.key_package.reset();
  send_json(m.link, kDavePrepareEpoch, [](JsonObject* d) {
    json_object_set_int_member(d, "protocol_version", 1);
    json_object_set_int_member(d, "epoch", 1);
  });
  send_json(m.link, kDavePrepareTransition, [](JsonObject* d) {
    json_object_set_int_member(d, "protocol_version", 1);
    json_object_set_int_member(d, "transition_id", 0);
  });
  if (m.link) m.link->send_binary(kDaveMlsExternalSender, external_sender_);
  emit_("dave_reset", [&](JsonObject* o) {
    json_object_set_string_member(o, "user", std::to_string(user).c_str());
  });
}

void DaveGateway::check_member_leaf(std::uint64_t user, std::uint64_t epoch, std::int64_t leaf) {
  auto it = members_.find(user);
  if (it == members_.end() || epoch != epoch_) return;
  if (!it->second.leaf || static_cast<std::int64_t>(*it->second.leaf) != leaf) ++leaf_mismatches_;
}

void DaveGateway::reject(std::uint64_t user, const std::string& why) {
  ++commits_rejected_;
  emit_("dave_rejected", [&](JsonObject* o) {
    json_object_set_string_member(o, "user", std::to_string(user).c_str());
    json_object_set_string_member(o, "reason", why.c_str());
  });
}

bool DaveGateway::in_group(std::uint64_t user) const {
  auto it = members_.find(user);
  return established_ && it != members_.end() && it->second.leaf && !it->second.remove_proposed;
}

void DaveGateway::fill_report(JsonObject* o) const {
  json_object_set_boolean_member(o, "established", established_);
  json_object_set_int_member(o, "epoch", epoch_);
  JsonArray* group = json_array_new();
  for (const auto& slot : roster_)
    json_array_add_string_element(group, slot ? std::to_string(*slot).c_str() : "");
  json_object_set_array_member(o, "leaves", group);
  json_object_set_int_member(o, "commits", commits_);
  json_object_set_int_member(o, "rejected", commits_rejected_);
  json_object_set_int_member(o, "welcomes", welcomes_);
  json_object_set_int_member(o, "transitions", transitions_);
  json_object_set_int_member(o, "transition_timeouts", transition_timeouts_);
  json_object_set_int_member(o, "invalid_commit_welcome", invalid_reports_);
  json_object_set_int_member(o, "leaf_mismatches", leaf_mismatches_);
  json_object_set_int_member(o, "sole_member_resets", resets_);
}

}  // namespace lava::voicetest
