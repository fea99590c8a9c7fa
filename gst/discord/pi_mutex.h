// A mutex with priority inheritance, and a condition variable to wait on it.
//
// The pacing thread runs SCHED_FIFO and takes each connection's ring lock every 20 ms; the
// streaming threads that fill the rings run at normal priority. With thousands of them runnable,
// a streaming thread preempted while it holds its ring's lock (push() copies a frame under it)
// may wait tens of milliseconds for a CPU, and with a plain mutex the pacing thread — and every
// connection behind it in the slot — waits as long: late packets, then a deficit. With priority
// inheritance the blocked pacing thread lends the holder its priority, so the holder runs at once
// and releases the lock within microseconds. Uncontended, locking costs what a plain mutex does
// (one compare-and-swap in user space).
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
  void unlock() { pthread_mutex_unlock(&mutex_); }
  bool try_lock() { return pthread_mutex_trylock(&mutex_) == 0; }
  pthread_mutex_t* native_handle() { return &mutex_; }

 private:
  pthread_mutex_t mutex_;
};

// std::condition_variable works only with std::mutex; this is its counterpart for PiMutex.
class PiCondition {
 public:
  PiCondition() = default;
  ~PiCondition() { pthread_cond_destroy(&cond_); }
  PiCondition(const PiCondition&) = delete;
  PiCondition& operator=(const PiCondition&) = delete;

  template <typename Predicate>
  void wait(std::unique_lock<PiMutex>& lock, Predicate ready) {
    while (!ready()) pthread_cond_wait(&cond_, lock.mutex()->native_handle());
  }
  void notify_all() { pthread_cond_broadcast(&cond_); }

 private:
  pthread_cond_t cond_ = PTHREAD_COND_INITIALIZER;
};

}  // namespace lava::discord
