// The voice gateway's JSON text frames (the "op", "seq" and "d" of v8), decoded into the fields
// VoiceGateway and DaveGatewayClient act on. Pure and GStreamer-free: every byte comes from the
// voice server, so tests/fuzz/fuzz_voice_gateway.cpp drives it directly. Values a handler could
// not use safely (timer intervals, ports, truncated ids) are already range-checked here.
#pragma once

#include <glib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "transport_crypto.h"

namespace lava::discord {

// op 8
struct VoiceHello {
  guint heartbeat_interval_ms = 0;  // 0: absent, or not between 1 ms and G_MAXUINT ms
};

// op 2
struct VoiceReady {
  std::uint32_t ssrc = 0;
  std::string ip;
  std::uint16_t port = 0;  // 0: absent or outside 1..65535
  std::vector<std::string> modes;
};

// op 4
struct VoiceSessionDescription {
  std::string mode;
  std::optional<TransportKey> secret_key;  // nullopt unless an array of 32 numbers
  int dave_protocol_version = 0;
};

// op 6
struct VoiceHeartbeatAck {
  std::optional<gint64> sent_ms;  // our "t" echoed back; nullopt when absent or negative
};

// op 9
struct VoiceResumed {};

// DAVE's JSON ops: 11 and 13 (the members DAVE proposals may name), 21, 22 and 24.
struct DaveClientsConnect {
  std::vector<std::uint64_t> user_ids;
};
struct DaveClientDisconnect {
  std::optional<std::uint64_t> user_id;
};
struct DavePrepareTransition {
  std::optional<std::uint16_t> transition_id;
  std::optional<int> protocol_version;  // nullopt: absent or negative
};
struct DaveExecuteTransition {
  std::optional<std::uint16_t> transition_id;
};
struct DavePrepareEpoch {
  gint64 epoch = -1;
  std::optional<int> protocol_version;
};
using DaveJsonMessage =
    std::variant<DaveClientsConnect, DaveClientDisconnect, DavePrepareTransition,
                 DaveExecuteTransition, DavePrepareEpoch>;

// A voice protocol op a client does not read (Discord's undocumented 12/15/18/20, echoes).
struct VoiceIgnoredOp {};
// Beyond the voice protocol: the gateway gives up.
struct VoiceUnknownOp {
  gint64 op = -1;
};

using VoicePayload =
    std::variant<VoiceHello, VoiceReady, VoiceSessionDescription, VoiceHeartbeatAck, VoiceResumed,
                 DaveJsonMessage, VoiceIgnoredOp, VoiceUnknownOp>;

struct VoiceMessage {
  std::optional<gint64> seq;  // counts for the heartbeat's seq_ack
  bool has_data = false;      // "d" is an object
  VoicePayload payload;
};

// nullopt when the text is not a JSON object.
std::optional<VoiceMessage> parse_voice_message(std::string_view text);

}  // namespace lava::discord
