// A byte-level HTTP/1.1 and WebSocket client over a plain blocking socket, for tests that must
// send what a well-behaved client library never would: broken framing, floods, slow writes.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lava::test {

struct RawReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class RawConnection {
 public:
  explicit RawConnection(int port);  // 127.0.0.1:port
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  // False once the peer has closed or reset the connection.
  bool send(std::string_view bytes);
  // One response (status line, headers, Content-Length or chunked body); nullopt if the peer
  // closed first or nothing complete arrived within `timeout_ms`.
  std::optional<RawReply> read_reply(int timeout_ms);
  // True once the peer closes (end of stream or reset) within `timeout_ms`; discards data.
  bool wait_closed(int timeout_ms);
  // One WebSocket frame from the server: (opcode, payload); nullopt on close or timeout.
  std::optional<std::pair<int, std::string>> read_ws_frame(int timeout_ms);

 private:
  // Appends what arrives within `timeout_ms` to buffered_; false on end of stream or error.
  bool fill(int timeout_ms);

  int fd_ = -1;
  bool peer_closed_ = false;
  std::string buffered_;
};

// A client WebSocket frame. `masked` false makes a frame servers must refuse.
std::string ws_frame(int opcode, std::string_view payload, bool fin = true, bool masked = true);
// The upgrade request for /v4/websocket with `authorization` (none if null).
std::string ws_upgrade_request(const char* authorization, const char* user_id = "1");

// A WebSocket on /v4/websocket already past the upgrade and the node's `ready`; null otherwise.
std::unique_ptr<RawConnection> open_raw_websocket(int port, const char* authorization,
                                                  int timeout_ms);

}  // namespace lava::test
