// Discord voice gateway v8 opcodes: the JSON "op" of text frames and the op byte of DAVE's
// binary frames. Shared by discordvoicesink's gateway client and the voice test server.
#pragma once

namespace lava::discord::voice_op {

enum Op : int {
  kIdentify = 0,
  kSelectProtocol = 1,
  kReady = 2,
  kHeartbeat = 3,
  kSessionDescription = 4,
  kSpeaking = 5,
  kHeartbeatAck = 6,
  kResume = 7,
  kHello = 8,
  kResumed = 9,
  kClientsConnect = 11,
  kClientDisconnect = 13,
  // DAVE (protocol.md "Voice Gateway Opcodes"); 25–30 travel as binary frames.
  kDavePrepareTransition = 21,
  kDaveExecuteTransition = 22,
  kDaveTransitionReady = 23,
  kDavePrepareEpoch = 24,
  kDaveMlsExternalSender = 25,
  kDaveMlsKeyPackage = 26,
  kDaveMlsProposals = 27,
  kDaveMlsCommitWelcome = 28,
  kDaveMlsAnnounceCommitTransition = 29,
  kDaveMlsWelcome = 30,
  kDaveMlsInvalidCommitWelcome = 31,
};

// Discord also sends undocumented ops below this one (12 video, 15 media sink wants, 18 client
// flags, 20 client platform): a client ignores them. Anything above is not the voice protocol.
inline constexpr int kHighestKnown = kDaveMlsInvalidCommitWelcome;

}  // namespace lava::discord::voice_op
