// The pacing thread's locks lend its real-time priority to whoever holds them (pi_mutex.h): a
// streaming thread preempted inside push() on a loaded machine must not hold up every connection.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "pi_mutex.h"

using lava::discord::PiMutex;
using namespace std::chrono_literals;

namespace {

// The kernel's current priority of a thread of this process (/proc stat field 18: 20 + nice for
// a normal thread, -1 - p for SCHED_FIFO priority p, boosts included).
int task_priority(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  for (int i = 3; i <= 18; ++i) fields >> field;
  return std::stoi(field);
}

}  // namespace

TEST(PiMutex, ARealTimeThreadBlockedOnItBoostsTheHolder) {
  PiMutex mutex;
  std::atomic<pid_t> holder_tid{0};
  std::atomic<bool> release{false};
  std::thread holder([&] {
    std::lock_guard lock(mutex);
    holder_tid = gettid();
    while (!release) std::this_thread::sleep_for(1ms);
  });
  while (holder_tid == 0) std::this_thread::sleep_for(1ms);
  const int normal = task_priority(holder_tid);

  std::atomic<int> real_time{-1};  // -1 unknown, 0 not allowed, 1 SCHED_FIFO 5
  std::thread waiter([&] {
    sched_param param{};
    param.sched_priority = 5;
    real_time = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0 ? 1 : 0;
    if (real_time == 1) {
      std::lock_guard lock(mutex);  // blocks until the holder lets go
    }
  });
  while (real_time < 0) std::this_thread::sleep_for(1ms);
  int boosted = normal;
  // The waiter blocks on the lock soon after it got its priority; allow a loaded machine time.
  for (int i = 0; real_time == 1 && i < 5000 && boosted == normal; ++i) {
    std::this_thread::sleep_for(1ms);
    boosted = task_priority(holder_tid);
  }
  release = true;
  holder.join();
  waiter.join();
  if (real_time == 0) GTEST_SKIP() << "no permission for SCHED_FIFO here";
  EXPECT_GE(normal, 0);    // not a real-time priority before
  EXPECT_EQ(boosted, -6);  // the waiter's SCHED_FIFO 5, lent to the holder
}
