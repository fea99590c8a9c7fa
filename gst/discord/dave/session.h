// One DAVE member's MLS life across gateway ops 21–31 (protocol.md "Group Key Exchange"): the
// key package, the pending one-member group, proposals → commit, the announced commit or the
// Welcome, and the per-sender media ratchets of the established group. No I/O: the gateway
// client feeds it payloads and sends what it returns.
#pragma once

#include <cstdint>
#include <optional>
#include <set>

#include "bytes.h"
#include "gateway_messages.h"
#include "group.h"
#include "key_ratchet.h"

namespace lava::dave {

class Session {
 public:
  Session(std::uint64_t self_user_id, std::uint64_t channel_id);

  // After op 4 (version ≥ 1), op 24 with epoch 1, or after sending op 31: forget all group
  // state and return a fresh op 26 frame.
  Bytes reset();
  // op 25. Creates the pending group once the key package exists.
  Status set_external_sender(ByteView payload);
  // op 27. Returns the op 28 frame to send, or nothing when no group exists yet (the proposals
  // are then ignored, as the protocol says) or nothing is left to commit. `recognized` holds the
  // user ids announced by op 11 and not removed by op 13.
  Result<std::optional<Bytes>> process_proposals(ByteView payload,
                                                 const std::set<std::uint64_t>& recognized);

  enum class Outcome { applied, ignored };
  // op 29. Failure means: send op 31 and reset().
  Result<Outcome> process_commit(ByteView payload);
  // op 30. Failure means: send op 31 and reset().
  // Like libdave, the roster is not checked against op 11: a member announced earlier may
  // have left while its Add was in flight.
  Result<Outcome> process_welcome(ByteView payload);

  bool established() const { return current_.has_value(); }
  std::optional<std::uint64_t> epoch() const;
  // Media key ratchet of `user_id` in the established group.
  std::optional<KeyRatchet> ratchet_for(std::uint64_t user_id) const;
  const Group* group() const { return current_ ? &*current_ : nullptr; }

 private:
  Group* working();
  void create_pending_group();

  std::uint64_t self_user_id_;
  Bytes group_id_;
  std::optional<MemberKeys> keys_;
  std::optional<ExternalSender> external_sender_;
  std::optional<Group> pending_;   // our one-member group before the first commit or Welcome
  std::optional<Group> current_;   // the established group
  std::optional<Group> outbound_;  // the state our last commit leads to, if it wins
  Bytes outbound_commit_;
};

}  // namespace lava::dave
