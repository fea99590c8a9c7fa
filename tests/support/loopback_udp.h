// A UDP socket on an ephemeral loopback port, for the tests and benchmarks that receive what the
// shared voice sender sends.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lava::test {

struct LoopbackUdp {
  LoopbackUdp() : fd(socket(AF_INET, SOCK_DGRAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &len);
    address_len = len;
  }
  ~LoopbackUdp() { close(fd); }
  LoopbackUdp(const LoopbackUdp&) = delete;
  LoopbackUdp& operator=(const LoopbackUdp&) = delete;

  int fd;
  sockaddr_storage address{};
  socklen_t address_len = 0;
};

}  // namespace lava::test
