// Runs tests/voice-server's lava-voice-test-server for a test: reads its JSON event lines on a
// thread, sends it commands, and waits for events.
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gobject_ptr.h"

namespace lava::test {

class VoiceServerProcess {
 public:
  explicit VoiceServerProcess(const std::vector<std::string>& args = {});
  ~VoiceServerProcess();
  VoiceServerProcess(const VoiceServerProcess&) = delete;
  VoiceServerProcess& operator=(const VoiceServerProcess&) = delete;

  int port() const { return port_; }
  std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port_); }
  void command(const std::string& line);
  // The next not-yet-taken event named `name`, or null after `timeout_ms`.
  JsonObjectPtr wait_event(const std::string& name, int timeout_ms = 5000);
  // Asks for a report and returns it.
  JsonObjectPtr report();
  // Asks for reports until `ready` holds for one (UDP packets may still be on their way when a
  // gateway event arrives) or `timeout_ms` passes; returns the last report.
  JsonObjectPtr report_when(const std::function<bool(JsonObject*)>& ready, int timeout_ms = 2000);
  // Drops every event received so far.
  void clear_events();

 private:
  void read_lines();

  GObjectPtr<GSubprocess> process_;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<JsonObjectPtr> events_;
  int port_ = 0;
};

// The first stream of a report (the one the sink sends), or null.
JsonObject* first_stream(JsonObject* report);
JsonObject* last_stream(JsonObject* report);
// A stream that decoded, arrived without holes or jumps, and carries the 440 Hz test tone.
void expect_intact_tone(JsonObject* stream);

}  // namespace lava::test
