// Carries Speaking changes from the pacing thread to the gateway thread. The pacing thread runs
// at real-time priority and must never wait for a lock a normal thread holds: attaching a GSource
// takes the gateway context's lock, which the gateway thread holds while it prepares and checks
// thousands of connections' sources, so a Speaking change at a track's start or end could stall
// every connection's next packet. The relay only ever try-locks; what it cannot hand over now it
// keeps for the next slot, 5 ms later.
#pragma once

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "sender_stream.h"

namespace lava::discord {

class SpeakingRelay {
 public:
  using Change = std::pair<std::shared_ptr<SenderStream>, bool>;

  // The process's relay; its gateway-thread side is attached on first use.
  static SpeakingRelay& instance();

  // Pacing thread: queues a change; changes keep their order.
  void queue(std::shared_ptr<SenderStream> stream, bool speaking);
  // Pacing thread, once per slot: hands the queued changes over, unless the lock is busy.
  void hand_over();

 private:
  SpeakingRelay();
  void deliver();  // gateway thread

  int event_fd_;
  std::vector<Change> held_;  // pacing thread only
  std::mutex mutex_;          // held only to swap or append the vector below
  std::vector<Change> handed_;
  std::vector<Change> delivering_;  // gateway thread only; its capacity goes back to handed_
};

}  // namespace lava::discord
