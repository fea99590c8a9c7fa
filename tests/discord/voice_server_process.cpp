#include "voice_server_process.h"

#include <gtest/gtest.h>

#include <chrono>

namespace lava::test {

VoiceServerProcess::VoiceServerProcess(const std::vector<std::string>& args) {
  std::vector<const char*> argv{LAVA_VOICE_TEST_SERVER};
  for (auto& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  GError* error = nullptr;
  process_.reset(g_subprocess_newv(
      argv.data(),
      static_cast<GSubprocessFlags>(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE),
      &error));
  if (!process_) {
    ADD_FAILURE() << "cannot start " << LAVA_VOICE_TEST_SERVER << ": " << error->message;
    g_error_free(error);
    return;
  }
  reader_ = std::thread([this] { read_lines(); });
  auto listening = wait_event("listening", 10000);
  if (!listening) {
    ADD_FAILURE() << "voice test server did not start";
    return;
  }
  port_ = static_cast<int>(json_object_get_int_member(listening.get(), "port"));
}

VoiceServerProcess::~VoiceServerProcess() {
  if (!process_) return;
  // End of stdin stops the server; the reader thread ends with its stdout.
  g_output_stream_close(g_subprocess_get_stdin_pipe(process_.get()), nullptr, nullptr);
  g_subprocess_wait(process_.get(), nullptr, nullptr);
  if (reader_.joinable()) reader_.join();
}

void VoiceServerProcess::read_lines() {
  GObjectPtr<GDataInputStream> in(
      g_data_input_stream_new(g_subprocess_get_stdout_pipe(process_.get())));
  for (;;) {
    gsize len = 0;
    GCharPtr line(g_data_input_stream_read_line(in.get(), &len, nullptr, nullptr));
    if (!line) return;
    GObjectPtr<JsonParser> parser(json_parser_new());
    if (!json_parser_load_from_data(parser.get(), line.get(), -1, nullptr)) continue;
    JsonNode* root = json_parser_get_root(parser.get());
    if (!JSON_NODE_HOLDS_OBJECT(root)) continue;
    std::lock_guard lock(mutex_);
    events_.emplace_back(json_object_ref(json_node_get_object(root)));
    arrived_.notify_all();
  }
}

void VoiceServerProcess::command(const std::string& line) {
  if (!process_) return;
  const std::string text = line + "\n";
  g_output_stream_write_all(g_subprocess_get_stdin_pipe(process_.get()), text.data(), text.size(),
                            nullptr, nullptr, nullptr);
}

JsonObjectPtr VoiceServerProcess::wait_event(const std::string& name, int timeout_ms) {
  if (!process_) return nullptr;
  std::unique_lock lock(mutex_);
  JsonObjectPtr found;
  arrived_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
    for (auto it = events_.begin(); it != events_.end(); ++it) {
      if (name == json_object_get_string_member_with_default(it->get(), "event", "")) {
        found = std::move(*it);
        events_.erase(it);
        return true;
      }
    }
    return false;
  });
  return found;
}

JsonObjectPtr VoiceServerProcess::report() {
  command("report");
  return wait_event("report");
}

JsonObjectPtr VoiceServerProcess::report_when(const std::function<bool(JsonObject*)>& ready,
                                              int timeout_ms) {
  const gint64 deadline = g_get_monotonic_time() + gint64{timeout_ms} * 1000;
  JsonObjectPtr last = report();
  while (!(last && ready(last.get())) && g_get_monotonic_time() < deadline) {
    g_usleep(20000);
    last = report();
  }
  return last;
}

void VoiceServerProcess::clear_events() {
  std::lock_guard lock(mutex_);
  events_.clear();
}

static JsonObject* stream_at(JsonObject* report, bool last) {
  if (!report) return nullptr;
  JsonArray* streams = json_object_get_array_member(report, "streams");
  const guint n = json_array_get_length(streams);
  return n == 0 ? nullptr : json_array_get_object_element(streams, last ? n - 1 : 0);
}

JsonObject* first_stream(JsonObject* report) {
  return stream_at(report, false);
}
JsonObject* last_stream(JsonObject* report) {
  return stream_at(report, true);
}

void expect_intact_tone(JsonObject* s) {
  ASSERT_TRUE(s);
  for (const char* zero :
       {"decode_failures", "sequence_missing", "sequence_errors", "timestamp_errors"})
    EXPECT_EQ(json_object_get_int_member_with_default(s, zero, -1), 0) << zero;
  EXPECT_NEAR(json_object_get_double_member_with_default(s, "frequency_hz", -1), 440, 5);
}

}  // namespace lava::test
