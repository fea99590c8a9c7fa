// The process-wide paced voice sender (issue #11): one thread serves every voice connection.
// Connections are spread over kSlots phases of the 20 ms frame period (a small timer wheel); the
// thread wakes once per slot, takes each connection's due frame, seals it in place and hands the
// slot's packets to sendmmsg in batches of up to kBatch. No per-connection thread wakes per frame.
//
// Packets leave from one shared UDP socket per address family, not from each connection's own
// (discovery) socket: sendmmsg batches only per socket, so shared sockets turn one system call per
// packet into one per kBatch packets. Discord's voice servers tell streams apart by SSRC, as
// JDA-NAS's udp-queue (Lavalink's sender) relies on when it sends from its manager's sockets.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "pi_mutex.h"
#include "sender_stream.h"

namespace lava::discord {

struct SenderStats {
  std::uint64_t packets = 0;   // packets handed to the kernel
  std::uint64_t syscalls = 0;  // sendmmsg calls
  std::uint64_t dropped = 0;   // packets the kernel refused (full buffer, unreachable)
};

class VoiceSender {
 public:
  static constexpr int kSlots = 4;
  static constexpr std::int64_t kFramePeriodUs = 20000;
  static constexpr std::size_t kBatch = 64;

  // The one sender of this process (started on first use, lives until exit).
  static VoiceSender& instance();

  void add(std::shared_ptr<SenderStream> stream);
  void remove(const SenderStream* stream);
  SenderStats stats() const;

 private:
  struct Batch;
  VoiceSender() = default;
  void run();
  void serve_slot(int slot, std::uint64_t deficit);

  mutable PiMutex mutex_;  // the pacing thread holds it while it serves a slot
  PiCondition wake_;       // a first stream arrived
  std::vector<std::shared_ptr<SenderStream>> slots_[kSlots];
  std::size_t streams_ = 0;
  bool started_ = false;  // the pacing thread runs detached for the life of the process
  SenderStats stats_;     // guarded by mutex_
  std::vector<SenderStream*> refill_;  // pacing thread only: producers to wake
  std::unique_ptr<Batch> batches_[2];  // pacing thread only: IPv4, IPv6
};

}  // namespace lava::discord
