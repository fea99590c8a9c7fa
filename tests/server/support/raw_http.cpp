#include "raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

namespace lava::test {

namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Decodes a chunked body at the start of `in`; returns the bytes it used (0 if incomplete).
std::size_t dechunk(std::string_view in, std::string* out) {
  std::size_t pos = 0;
  out->clear();
  for (;;) {
    const std::size_t eol = in.find("\r\n", pos);
    if (eol == std::string_view::npos) return 0;
    const std::size_t size =
        std::strtoul(std::string(in.substr(pos, eol - pos)).c_str(), nullptr, 16);
    pos = eol + 2;
    if (size == 0) {
      const std::size_t end = in.find("\r\n", pos);
      return end == std::string_view::npos ? 0 : end + 2;
    }
    if (in.size() < pos + size + 2) return 0;
    out->append(in.substr(pos, size));
    pos += size + 2;
  }
}

}  // namespace

RawConnection::RawConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
    return;
  }
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool RawConnection::fill(int timeout_ms) {
  if (peer_closed_) return false;
  pollfd p{fd_, POLLIN, 0};
  const int ready = poll(&p, 1, timeout_ms);
  if (ready <= 0) return ready == 0;
  char buf[65536];
  const ssize_t n = recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    peer_closed_ = true;
    return false;
  }
  buffered_.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::optional<RawReply> RawConnection::read_reply(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const std::size_t head_end = buffered_.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      RawReply reply;
      const std::string head = buffered_.substr(0, head_end);
      const std::size_t space = head.find(' ');
      reply.status = space == std::string::npos ? 0 : std::atoi(head.c_str() + space + 1);
      std::size_t line = head.find("\r\n");
      while (line != std::string::npos) {
        const std::size_t next = head.find("\r\n", line + 2);
        const std::string h =
            head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
        const std::size_t colon = h.find(':');
        if (colon != std::string::npos) {
          std::size_t v = colon + 1;
          while (v < h.size() && h[v] == ' ') ++v;
          reply.headers[lower(h.substr(0, colon))] = h.substr(v);
        }
        line = next;
      }
      const std::string_view rest = std::string_view(buffered_).substr(head_end + 4);
      std::size_t used = 0;
      bool complete = false;
      if (lower(reply.header("transfer-encoding")) == "chunked") {
        used = dechunk(rest, &reply.body);
        complete = used > 0;
      } else {
        // No Content-Length: no body (101, and libsoup's own bodyless errors).
        used = std::strtoul(reply.header("content-length").c_str(), nullptr, 10);
        complete = rest.size() >= used;
        if (complete) reply.body = std::string(rest.substr(0, used));
      }
      if (complete) {
        buffered_.erase(0, head_end + 4 + used);
        return reply;
      }
    }
    const int left = remaining_ms(deadline);
    if (left == 0 || (!fill(left) && peer_closed_)) return std::nullopt;
  }
}

bool RawConnection::wait_closed(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!peer_closed_) {
    const int left = remaining_ms(deadline);
    if (left == 0) return false;
    fill(left);
    buffered_.clear();
  }
  return true;
}

std::optional<std::pair<int, std::string>> RawConnection::read_ws_frame(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (buffered_.size() >= 2) {
      const auto* b = reinterpret_cast<const unsigned char*>(buffered_.data());
      std::size_t header = 2;
      std::uint64_t length = b[1] & 0x7f;
      if (length == 126) header = 4;
      if (length == 127) header = 10;
      if (buffered_.size() >= header) {
        if (length >= 126) {
          length = 0;
          for (std::size_t i = 2; i < header; ++i) length = (length << 8) | b[i];
        }
        if (buffered_.size() >= header + length) {
          std::pair<int, std::string> frame{b[0] & 0x0f, buffered_.substr(header, length)};
          buffered_.erase(0, header + length);
          return frame;
        }
      }
    }
    const int left = remaining_ms(deadline);
    if (left == 0 || (!fill(left) && peer_closed_)) return std::nullopt;
  }
}

std::string ws_frame(int opcode, std::string_view payload, bool fin, bool masked) {
  std::string out;
  out += static_cast<char>((fin ? 0x80 : 0) | (opcode & 0x0f));
  const char mask_bit = masked ? static_cast<char>(0x80) : 0;
  const std::uint64_t n = payload.size();
  if (n < 126) {
    out += static_cast<char>(mask_bit | static_cast<char>(n));
  } else if (n <= 0xffff) {
    out += static_cast<char>(mask_bit | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xff);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  }
  const unsigned char key[4] = {0x12, 0x34, 0x56, 0x78};
  if (masked) out.append(reinterpret_cast<const char*>(key), 4);
  for (std::size_t i = 0; i < payload.size(); ++i)
    out += masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i];
  return out;
}

std::string ws_upgrade_request(const char* authorization, const char* user_id) {
  std::string r =
      "GET /v4/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\nClient-Name: hostile/1.0\r\n";
  if (authorization) r += std::string("Authorization: ") + authorization + "\r\n";
  if (user_id) r += std::string("User-Id: ") + user_id + "\r\n";
  return r + "\r\n";
}

std::unique_ptr<RawConnection> open_raw_websocket(int port, const char* authorization,
                                                  int timeout_ms) {
  auto conn = std::make_unique<RawConnection>(port);
  if (!conn->send(ws_upgrade_request(authorization))) return nullptr;
  auto reply = conn->read_reply(timeout_ms);
  if (!reply || reply->status != 101) return nullptr;
  auto ready = conn->read_ws_frame(timeout_ms);
  if (!ready || ready->second.find("\"ready\"") == std::string::npos) return nullptr;
  return conn;
}

}  // namespace lava::test
