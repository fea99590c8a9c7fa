// DAVE's binary voice gateway messages, ops 25–30 (protocol.md "Voice Gateway Opcodes").
// Server→client frames are `u16 sequence ‖ u8 op ‖ payload`; client→server frames are
// `u8 op ‖ payload`. Every parser takes untrusted bytes and returns a value or a reason.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bytes.h"
#include "framing.h"
#include "mls_structs.h"
#include "welcome.h"

namespace lava::dave {

enum class DaveOp : std::uint8_t {
  external_sender = 25,
  key_package = 26,
  proposals = 27,
  commit_welcome = 28,
  announce_commit = 29,
  welcome = 30,
};

struct ServerBinaryFrame {
  std::uint16_t sequence = 0;  // counts for the heartbeat's seq_ack like JSON "seq"
  std::uint8_t op = 0;
  ByteView payload;
};
Result<ServerBinaryFrame> parse_server_binary_frame(ByteView frame);

// op 25
Result<ExternalSender> parse_external_sender(ByteView payload);

// op 27: proposals to append (whole MLSMessages, still to be validated against the group) or
// proposal refs to revoke.
struct ProposalsMessage {
  bool revoke = false;
  std::vector<PublicMessage> append;
  std::vector<Bytes> revoked_refs;
};
Result<ProposalsMessage> parse_proposals(ByteView payload);

// op 29
struct AnnouncedCommit {
  std::uint16_t transition_id = 0;
  PublicMessage commit;
  Bytes commit_bytes;  // as received, to compare with the commit we sent ourselves
};
Result<AnnouncedCommit> parse_announce_commit(ByteView payload);

// op 30
struct WelcomeMessage {
  std::uint16_t transition_id = 0;
  Welcome welcome;
};
Result<WelcomeMessage> parse_welcome(ByteView payload);

// Client→server frames (with the op byte), and their parsers for the server side of tests.
Bytes make_key_package_frame(const KeyPackage& key_package);
Bytes make_commit_welcome_frame(ByteView commit_message, const std::optional<Welcome>& welcome);
Result<KeyPackage> parse_key_package_frame(ByteView frame);
struct CommitWelcome {
  PublicMessage commit;
  Bytes commit_bytes;
  std::optional<Welcome> welcome;
};
Result<CommitWelcome> parse_commit_welcome_frame(ByteView frame);

// Server→client payload builders (sequence and op added by the caller's framing), for the
// test voice server.
Bytes make_proposals_payload(bool revoke, const std::vector<Bytes>& items);
Bytes make_transition_payload(std::uint16_t transition_id, ByteView body);

}  // namespace lava::dave
