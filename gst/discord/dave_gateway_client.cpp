#include "dave_gateway_client.h"

#include <glib.h>

#include "transport/voice_opcodes.h"

namespace lava::discord {
namespace {

using namespace voice_op;

constexpr std::size_t kPrivacyCodeDigits = 30;
constexpr std::size_t kPrivacyCodeGroup = 5;

}  // namespace

std::string voice_privacy_code(dave::ByteView authenticator) {
  if (authenticator.size() < kPrivacyCodeDigits) return {};
  std::string code;
  for (std::size_t i = 0; i < kPrivacyCodeDigits; i += kPrivacyCodeGroup) {
    std::uint64_t group = 0;
    for (std::size_t j = 0; j < kPrivacyCodeGroup; ++j) group = (group << 8) | authenticator[i + j];
    char digits[kPrivacyCodeGroup + 1];
    g_snprintf(digits, sizeof digits, "%05u", static_cast<unsigned>(group % 100000));
    code += digits;
  }
  return code;
}

DaveGatewayClient::DaveGatewayClient(std::uint64_t user_id, std::uint64_t channel_id,
                                     std::shared_ptr<FrameTransform> media, Callbacks callbacks)
    : user_id_(user_id),
      channel_id_(channel_id),
      media_(std::move(media)),
      callbacks_(std::move(callbacks)) {}

void DaveGatewayClient::start(int protocol_version) {
  protocol_version_ = protocol_version;
  pending_.clear();
  callbacks_.leave_group();
  session_.reset();
  if (protocol_version_ >= 1) {
    session_.emplace(user_id_, channel_id_);
    callbacks_.send_binary(session_->reset());
  }
  report();
}

void DaveGatewayClient::handle_json(const DaveJsonMessage& message) {
  if (auto* connect = std::get_if<DaveClientsConnect>(&message)) {
    recognized_.insert(connect->user_ids.begin(), connect->user_ids.end());
  } else if (auto* disconnect = std::get_if<DaveClientDisconnect>(&message)) {
    if (disconnect->user_id) recognized_.erase(*disconnect->user_id);
  } else if (auto* prepare = std::get_if<DavePrepareTransition>(&message)) {
    if (!prepare->transition_id || !prepare->protocol_version)
      return callbacks_.warn("DAVE prepare_transition without transition_id/protocol_version");
    prepare_transition(*prepare->protocol_version, *prepare->transition_id);
  } else if (auto* execute = std::get_if<DaveExecuteTransition>(&message)) {
    if (execute->transition_id) execute_transition(*execute->transition_id);
  } else if (auto* epoch = std::get_if<DavePrepareEpoch>(&message)) {
    // Epoch 1 = a new group (first members, or the sole member left): start over.
    if (epoch->epoch != 1) return;
    if (epoch->protocol_version) protocol_version_ = *epoch->protocol_version;
    callbacks_.leave_group();
    if (protocol_version_ >= 1) {
      if (!session_) session_.emplace(user_id_, channel_id_);
      callbacks_.send_binary(session_->reset());
    }
    report();
  }
}

void DaveGatewayClient::prepare_transition(int protocol_version, std::uint16_t transition_id) {
  pending_[transition_id] = protocol_version;
  if (transition_id == 0)
    execute_transition(0);
  else
    send_transition(kDaveTransitionReady, transition_id);
}

void DaveGatewayClient::execute_transition(std::uint16_t transition_id) {
  auto it = pending_.find(transition_id);
  if (it == pending_.end()) return;  // not prepared by us: nothing to switch to
  protocol_version_ = it->second;
  pending_.erase(it);
  if (protocol_version_ >= 1 && session_ && session_->established())
    media_->set_ratchet(*session_->ratchet_for(user_id_));
  else
    media_->clear();  // version 0 (downgrade) or no group yet: frames pass in the clear
  report();
}

void DaveGatewayClient::handle_binary(std::uint8_t op, dave::ByteView payload) {
  if (!session_) return;  // DAVE not negotiated: nothing to do with MLS messages
  const std::uint16_t transition_id =
      payload.size() >= 2 ? static_cast<std::uint16_t>((payload[0] << 8) | payload[1]) : 0;
  switch (op) {
    case kDaveMlsExternalSender:
      if (auto s = session_->set_external_sender(payload); !s)
        callbacks_.warn("DAVE external sender refused: " + s.error());
      return;
    case kDaveMlsProposals: {
      // Refused proposals are not committed by us; another member's commit of them then fails
      // in op 29, which resets us. Resetting here instead would loop: the gateway keeps sending
      // a member it still counts in the group proposals for an epoch it no longer has.
      auto commit = session_->process_proposals(payload, recognized_);
      if (!commit) return callbacks_.warn("DAVE proposals refused: " + commit.error());
      if (*commit) callbacks_.send_binary(**commit);
      return;
    }
    case kDaveMlsAnnounceCommitTransition: {
      auto outcome = session_->process_commit(payload);
      if (!outcome) return invalid(transition_id, "commit refused: " + outcome.error());
      if (*outcome == dave::Session::Outcome::applied) transition_processed(transition_id);
      return;
    }
    case kDaveMlsWelcome: {
      auto outcome = session_->process_welcome(payload);
      if (!outcome) return invalid(transition_id, "Welcome refused: " + outcome.error());
      if (*outcome == dave::Session::Outcome::applied) transition_processed(transition_id);
      return;
    }
    default:
      return;  // client→server ops echoed back, or ops this version does not know
  }
}

// A commit or Welcome moved our group to a new epoch; senders switch when it executes.
void DaveGatewayClient::transition_processed(std::uint16_t transition_id) {
  pending_[transition_id] = std::max(protocol_version_, 1);
  if (transition_id == 0)
    execute_transition(0);
  else
    send_transition(kDaveTransitionReady, transition_id);
}

void DaveGatewayClient::invalid(std::uint16_t transition_id, const std::string& why) {
  callbacks_.warn("DAVE " + why + "; sending invalid_commit_welcome and a new key package");
  send_transition(kDaveMlsInvalidCommitWelcome, transition_id);
  pending_.clear();
  callbacks_.leave_group();
  callbacks_.send_binary(session_->reset());
  report();
}

void DaveGatewayClient::send_transition(int op, std::uint16_t transition_id) {
  JsonObject* d = json_object_new();
  json_object_set_int_member(d, "transition_id", transition_id);
  callbacks_.send_json(op, d);
  json_object_unref(d);
}

void DaveGatewayClient::report() {
  E2eeStatus status;
  status.protocol_version = protocol_version_;
  // The epoch our frames are encrypted under: the group's, once a transition put it in use.
  if (protocol_version_ >= 1 && session_ && session_->established() && media_->active()) {
    status.epoch = *session_->epoch();
    status.privacy_code = voice_privacy_code(session_->group()->epoch_authenticator());
  }
  callbacks_.changed(status);
}

}  // namespace lava::discord
