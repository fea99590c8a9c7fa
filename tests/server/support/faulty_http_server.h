// An HTTP server for a source that goes wrong mid-stream: it answers a request for its one file
// with 200, the whole file's Content-Length and `Accept-Ranges: none` (so nothing seeks), sends
// the first `cut` bytes and then holds the connection open without sending more (the source
// stalls), until die() closes it short of its length, and every later connection at once (the
// source is gone). Plain sockets on one thread, so nothing in it can paper over the fault.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lava::test {

class FaultyHttpServer {
 public:
  FaultyHttpServer(std::string body, std::size_t cut);
  ~FaultyHttpServer();
  FaultyHttpServer(const FaultyHttpServer&) = delete;
  FaultyHttpServer& operator=(const FaultyHttpServer&) = delete;

  // Any path serves the file.
  std::string url(const std::string& path) const;
  int requests() const { return requests_; }
  void die();

 private:
  void serve();
  void answer(int fd);

  std::string body_;
  std::size_t cut_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  bool dead_ = false;      // guarded by mutex_
  std::vector<int> held_;  // stalled connections; guarded by mutex_
  std::thread thread_;
};

}  // namespace lava::test
