// The DAVE half of a voice connection's gateway client: JSON ops 11/13/21/22/24 and binary ops
// 25/27/29/30 in, ops 23/26/28/31 out, all driving one lava::dave::Session, and the epoch key
// handed to the connection's FrameTransform when a transition executes. Lives on the gateway
// thread (created at Identify, kept across Resume: the MLS group outlives a WebSocket).
//
// Behaviour checked against discord/dave-protocol protocol.md v1.1.4 and @discordjs/voice
// 0.19.2 (`Networking.onWsPacket/onWsBinary`, `DAVESession`):
// - op 23 answers op 21 (transition_id ≠ 0) and every processed op 29/30 with transition_id ≠ 0;
//   transition_id 0 executes at once.
// - our sender switches keys only when a transition executes (op 22, or transition_id 0), never
//   when the commit or Welcome is processed: other members may not have the new epoch yet.
// - until an epoch is executed (and after a reset) frames pass through unencrypted, as
//   @discordjs/voice's `DAVESession.encrypt` does while its session is not ready.
// - an op 29/30 we cannot process: op 31 with its transition id, then a new key package (a
//   refused op 27 is only reported: see handle_binary).
#pragma once

#include <json-glib/json-glib.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "dave/session.h"
#include "frame_transform.h"
#include "voice_gateway_messages.h"

namespace lava::discord {

struct E2eeStatus {
  int protocol_version = 0;  // 0: transport encryption only
  std::uint64_t epoch = 0;   // 0 while frames are not end-to-end encrypted
  // The voice privacy code Discord clients show for the call (30 digits from the epoch
  // authenticator): equal codes on two members mean they share the group's keys.
  std::string privacy_code;
};

// 30 digits in groups of 5, each group the next 5 bytes big-endian modulo 10^5 (libdave's
// GenerateDisplayableCode(epoch_authenticator, 30, 5), as davey's voicePrivacyCode).
std::string voice_privacy_code(dave::ByteView epoch_authenticator);

class DaveGatewayClient {
 public:
  struct Callbacks {
    std::function<void(int op, JsonObject* d)> send_json;
    std::function<void(dave::ByteView frame)> send_binary;  // u8 op ‖ payload
    std::function<void(const std::string& message)> warn;
    std::function<void(const E2eeStatus& status)> changed;  // after op 4 and each transition
    // Our group is gone (reset, sole member left, new session): stop encrypting and drop the
    // frames queued with its key, which no member of a next group could decrypt.
    std::function<void()> leave_group;
  };

  DaveGatewayClient(std::uint64_t user_id, std::uint64_t channel_id,
                    std::shared_ptr<FrameTransform> media, Callbacks callbacks);

  // Session Description's dave_protocol_version (0: transport encryption only).
  void start(int protocol_version);
  // DAVE's JSON ops, and 11/13, whose user ids it keeps.
  void handle_json(const DaveJsonMessage& message);
  void handle_binary(std::uint8_t op, dave::ByteView payload);

 private:
  void prepare_transition(int protocol_version, std::uint16_t transition_id);
  void execute_transition(std::uint16_t transition_id);
  void transition_processed(std::uint16_t transition_id);
  void invalid(std::uint16_t transition_id, const std::string& why);
  void send_transition(int op, std::uint16_t transition_id);
  void report();

  std::uint64_t user_id_, channel_id_;
  std::shared_ptr<FrameTransform> media_;
  Callbacks callbacks_;
  int protocol_version_ = 0;
  std::optional<dave::Session> session_;  // while protocol_version_ ≥ 1
  std::set<std::uint64_t> recognized_;    // announced by op 11, not yet gone by op 13
  std::map<std::uint16_t, int> pending_;  // transition id → protocol version
};

}  // namespace lava::discord
