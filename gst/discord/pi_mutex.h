// A mutex with priority inheritance, and a condition variable for it. The voice sender's pacing
// thread runs at real-time priority and takes locks that ordinary threads (a pipeline's streaming
// thread pushing a frame) hold for microseconds; with a plain mutex, a holder preempted inside
// its critical section keeps the pacing thread, and every connection's next packet, waiting for
// as long as the scheduler leaves the holder off the CPU (tens of milliseconds on a loaded
// machine). With inheritance the kernel runs the holder at the waiter's priority until it lets
// go. Uncontended, locking costs what a plain mutex costs (an atomic exchange, no system call).
#pragma once

#include <pthread.h>

#include <mutex>

namespace lava::discord {

class PiMutex {
 public:
  PiMutex() {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT);
    pthread_mutex_init(&mutex_, &attr);
    pthread_mutexattr_destroy(&attr);
  }
  ~PiMutex() { pthread_mutex_destroy(&mutex_); }
  PiMutex(const PiMutex&) = delete;
  PiMutex& operator=(const PiMutex&) = delete;

  void lock() { pthread_mutex_lock(&mutex_); }
  bool try_lock() { return pthread_mutex_trylock(&mutex_) == 0; }
  void unlock() { pthread_mutex_unlock(&mutex_); }

 private:
  friend class PiCondition;
  pthread_mutex_t mutex_;
};

// std::condition_variable only works with std::mutex; std::condition_variable_any would add an
// internal plain mutex that the pacing thread's notify takes.
class PiCondition {
 public:
  PiCondition() { pthread_cond_init(&cond_, nullptr); }
  ~PiCondition() { pthread_cond_destroy(&cond_); }
  PiCondition(const PiCondition&) = delete;
  PiCondition& operator=(const PiCondition&) = delete;

  template <typename Predicate>
  void wait(std::unique_lock<PiMutex>& lock, Predicate ready) {
    while (!ready()) pthread_cond_wait(&cond_, &lock.mutex()->mutex_);
  }
  void notify_all() { pthread_cond_broadcast(&cond_); }

 private:
  pthread_cond_t cond_;
};

}  // namespace lava::discord
