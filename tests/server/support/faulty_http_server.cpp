#include "faulty_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace lava::test {

namespace {

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads up to the end of the request head; the request itself does not matter.
bool read_head(int fd) {
  std::string head;
  char buf[1024];
  while (head.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    head.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

FaultyHttpServer::FaultyHttpServer(std::string body, std::size_t cut)
    : body_(std::move(body)), cut_(std::min(cut, body_.size())) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      listen(listen_fd_, 8) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return;
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FaultyHttpServer::~FaultyHttpServer() {
  // Wakes the blocking accept().
  shutdown(listen_fd_, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
  close(listen_fd_);
  die();
}

void FaultyHttpServer::die() {
  std::lock_guard lock(mutex_);
  dead_ = true;
  for (int fd : held_) close(fd);
  held_.clear();
}

std::string FaultyHttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void FaultyHttpServer::serve() {
  for (;;) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) break;
    answer(fd);
  }
}

void FaultyHttpServer::answer(int fd) {
  ++requests_;
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: audio/ogg\r\nContent-Length: " +
                           std::to_string(body_.size()) +
                           "\r\nAccept-Ranges: none\r\nConnection: close\r\n\r\n";
  std::lock_guard lock(mutex_);
  const bool sent = !dead_ && read_head(fd) && write_all(fd, head.data(), head.size()) &&
                    write_all(fd, body_.data(), cut_);
  if (sent)
    held_.push_back(fd);
  else
    close(fd);
}

}  // namespace lava::test
