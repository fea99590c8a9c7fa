// Runs the real lavalink-gst binary on a free loopback port for a test, and talks HTTP to it.
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include <string>
#include <utility>

#include "gobject_ptr.h"

namespace lava::test {

struct HttpReply {
  unsigned status = 0;
  std::string body;
  std::string content_type;
};

class ServerProcess {
 public:
  // Writes `config_yaml` (which must set server.port: 0) to a temp file and starts the server;
  // its stderr goes to `stderr_path` when one is given.
  explicit ServerProcess(const std::string& config_yaml, const std::string& stderr_path = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool running() const { return port_ != 0; }
  int port() const { return port_; }
  // The server's process id (0 if not running): tests read its /proc entries.
  int pid() const;
  std::string url(const std::string& path) const;
  // Sends SIGTERM and waits; returns the exit status (or -1 if it had to be killed).
  int stop();

  HttpReply request(const std::string& method, const std::string& path, const char* authorization,
                    const std::string& body = {}) const;

 private:
  std::string config_path_;
  GObjectPtr<GSubprocess> process_;
  GObjectPtr<SoupSession> session_;
  int port_ = 0;
};

// Path of the lavalink-gst binary under test (from the LAVALINK_GST environment variable).
std::string server_binary();

}  // namespace lava::test
