// The voice gateway's side of DAVE (daveprotocol.com "Group Key Exchange"), for the voice test
// server: the MLS delivery service and external sender. It knows the group's epoch and which
// member holds which leaf, turns key packages (op 26) into external Add proposals (op 27),
// proposes Removes when members leave, picks the first valid commit per epoch (op 28) and
// announces it (op 29) or welcomes the added members (op 30), runs transitions (op 23 → op 22)
// and the sole-member reset (op 24 + op 21). It holds no member secrets.
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <variant>
#include <vector>

#include "dave/bytes.h"
#include "dave/framing.h"
#include "dave/p256.h"
#include "dave/welcome.h"
#include "gobject_ptr.h"

namespace lava::voicetest {

// How the gateway reaches one member: a WebSocket session or a davey member.
class DaveLink {
 public:
  virtual ~DaveLink() = default;
  virtual void send_json(int op, JsonObject* d) = 0;  // borrows d
  virtual void send_binary(std::uint8_t op, dave::ByteView payload) = 0;
};

class DaveGateway {
 public:
  using Emit = std::function<void(const char* event, const std::function<void(JsonObject*)>&)>;
  DaveGateway(std::uint64_t channel_id, Emit emit, int transition_timeout_ms = 2000);
  ~DaveGateway();
  DaveGateway(const DaveGateway&) = delete;
  DaveGateway& operator=(const DaveGateway&) = delete;

  // After Session Description with dave_protocol_version 1: op 11 both ways, op 25.
  void join(std::uint64_t user, DaveLink* link);
  // The member left the call: op 13 to the others, then Remove (or the sole-member reset).
  void leave(std::uint64_t user);
  // The member's WebSocket went down (null) or resumed; messages meanwhile are dropped.
  void relink(std::uint64_t user, DaveLink* link);
  bool has_member(std::uint64_t user) const { return members_.contains(user); }

  // A client→server binary frame (`u8 op ‖ payload`: ops 26 and 28); JSON ops 23 and 31.
  void on_binary(std::uint64_t user, dave::ByteView frame);
  void on_transition_ready(std::uint64_t user, std::int64_t transition_id);
  void on_invalid_commit_welcome(std::uint64_t user, std::int64_t transition_id);
  // A member reports its leaf after a transition; counts a mismatch with our view.
  void check_member_leaf(std::uint64_t user, std::uint64_t epoch, std::int64_t leaf);

  bool in_group(std::uint64_t user) const;
  bool established() const { return established_; }
  std::uint64_t epoch() const { return epoch_; }
  void fill_report(JsonObject* o) const;

 private:
  struct Member {
    DaveLink* link = nullptr;
    std::optional<dave::KeyPackage> key_package;
    std::optional<std::uint32_t> leaf;  // in the established group
    dave::Bytes add_ref;                // our in-flight Add for it
    bool remove_proposed = false;
    bool needs_remove = false;  // sent op 31: remove, then re-add with its next key package
  };
  struct InFlight {
    dave::Bytes ref;
    dave::Bytes message;  // MLSMessage
    dave::Proposal proposal;
    std::uint64_t user = 0;  // the added or removed member
  };
  struct Transition {
    int id = 0;
    std::set<std::uint64_t> waiting;
  };

  void on_key_package(std::uint64_t user, dave::ByteView frame);
  void on_commit(std::uint64_t user, dave::ByteView frame);
  const InFlight& propose(const dave::Proposal& proposal, std::uint64_t user);
  void propose_pending();
  std::optional<std::string> check_commit(std::uint64_t user, const dave::PublicMessage& commit,
                                          std::vector<const InFlight*>& used) const;
  void apply_commit(std::uint64_t committer, const std::vector<const InFlight*>& used,
                    const dave::Bytes& commit_bytes, const std::optional<dave::Welcome>& welcome);
  void reset_group();
  void sole_member_reset(std::uint64_t user);
  void execute_transition();
  void reject(std::uint64_t user, const std::string& why);

  dave::Bytes group_id_;
  Emit emit_;
  int transition_timeout_ms_;
  dave::P256KeyPair key_;
  dave::Bytes external_sender_;  // op 25 payload
  std::map<std::uint64_t, Member> members_;
  std::vector<std::optional<std::uint64_t>> roster_;  // user per leaf
  std::vector<InFlight> in_flight_;                   // proposals of the current epoch
  std::vector<std::uint32_t> pending_removes_;        // leaves of departed members
  bool established_ = false;
  std::uint64_t epoch_ = 0;
  std::optional<Transition> transition_;
  GSourcePtr transition_timer_;
  int next_transition_id_ = 1;
  std::uint64_t commits_ = 0, commits_rejected_ = 0, welcomes_ = 0, transitions_ = 0;
  std::uint64_t transition_timeouts_ = 0, invalid_reports_ = 0, leaf_mismatches_ = 0;
  std::uint64_t resets_ = 0;
};

}  // namespace lava::voicetest
