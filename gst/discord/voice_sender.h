// The process-wide paced voice sender (issue #11): one thread serves every voice connection.
// Connections are spread over kSlots phases of the 20 ms frame period (a small timer wheel); the
// thread wakes once per slot, takes each connection's due frame, seals it in place and hands the
// batch to sendmmsg. No per-connection thread ever wakes per frame.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "sender_stream.h"

namespace lava::discord {

class VoiceSender {
 public:
  static constexpr int kSlots = 4;
  static constexpr std::int64_t kFramePeriodUs = 20000;

  // The one sender of this process (started on first use, lives until exit).
  static VoiceSender& instance();

  void add(std::shared_ptr<SenderStream> stream);
  void remove(const SenderStream* stream);

 private:
  VoiceSender() = default;
  void run();
  void serve_slot(int slot, std::uint64_t deficit);

  std::mutex mutex_;
  std::condition_variable wake_;  // a first stream arrived
  std::vector<std::shared_ptr<SenderStream>> slots_[kSlots];
  std::size_t streams_ = 0;
  bool started_ = false;  // the pacing thread runs detached for the life of the process
};

}  // namespace lava::discord
