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
#include <utility>
#include <vector>

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
  // What a slot leaves to the notifier thread once its packets have left: producers to wake, and
  // Speaking changes in the order they happened.
  struct Notes {
    std::vector<std::shared_ptr<SenderStream>> refill;
    std::vector<std::pair<std::shared_ptr<SenderStream>, bool>> speaking;
    bool empty() const { return refill.empty() && speaking.empty(); }
    void clear() { refill.clear(), speaking.clear(); }
  };
  VoiceSender() = default;
  void run();
  void serve_slot(int slot, std::uint64_t deficit);
  void hand_over();
  void deliver_notes();

  mutable PiMutex mutex_;  // the pacing thread takes it: see pi_mutex.h
  PiCondition wake_;       // a first stream arrived
  std::vector<std::shared_ptr<SenderStream>> slots_[kSlots];
  std::size_t streams_ = 0;
  bool started_ = false;  // the pacing thread runs detached for the life of the process
  SenderStats stats_;     // guarded by mutex_
  std::unique_ptr<Batch> batches_[2];  // pacing thread only: IPv4, IPv6
  Notes slot_notes_;                   // pacing thread only
  // The pacing thread hands each slot's notes to the notifier thread: waking a producer is a futex
  // call (an inter-processor interrupt on a VM, thousands a second) and a Speaking change
  // attaches a source to the gateway thread's GLib context, whose lock a preempted gateway thread
  // may hold for tens of milliseconds. Neither is to delay the next slot's packets.
  PiMutex notes_mutex_;
  PiCondition notes_ready_;
  Notes handed_;  // guarded by notes_mutex_
  // Held by the notifier while it delivers (remove() waits for it); taken under notes_mutex_,
  // so it inherits priority too, or the pacing thread's wait on notes_mutex_ could stall on it.
  PiMutex delivering_;
};

}  // namespace lava::discord
