#include "server_process.h"

#include <glib/gstdio.h>

#include <cstdlib>
#include <cstring>

namespace lava::test {

std::string server_binary() {
  const char* path = std::getenv("LAVALINK_GST");
  return path ? path : "lavalink-gst";
}

ServerProcess::ServerProcess(const std::string& config_yaml, const std::string& stderr_path) {
  gchar* path = nullptr;
  const int fd = g_file_open_tmp("lavalink-test-XXXXXX.yml", &path, nullptr);
  if (fd < 0) return;
  close(fd);
  config_path_ = path;
  g_free(path);
  if (!g_file_set_contents(config_path_.c_str(), config_yaml.c_str(), -1, nullptr)) return;

  const std::string binary = server_binary();
  GObjectPtr<GSubprocessLauncher> launcher(
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE));
  if (!stderr_path.empty())
    g_subprocess_launcher_set_stderr_file_path(launcher.get(), stderr_path.c_str());
  process_.reset(g_subprocess_launcher_spawn(launcher.get(), nullptr, binary.c_str(), "--config",
                                             config_path_.c_str(), nullptr));
  if (!process_) return;
  lava::GObjectPtr<GDataInputStream> out(
      g_data_input_stream_new(g_subprocess_get_stdout_pipe(process_.get())));
  // The server prints its bound address first; a crash ends the stream instead.
  for (;;) {
    gsize length = 0;
    GCharPtr line(g_data_input_stream_read_line(out.get(), &length, nullptr, nullptr));
    if (!line) return;
    const char* prefix = "Listening on http://";
    if (std::strncmp(line.get(), prefix, std::strlen(prefix)) != 0) continue;
    const char* colon = std::strrchr(line.get(), ':');
    port_ = colon ? std::atoi(colon + 1) : 0;
    if (port_ > 0) break;
  }
  session_.reset(soup_session_new());
}

ServerProcess::~ServerProcess() {
  stop();
  if (!config_path_.empty()) g_unlink(config_path_.c_str());
}

int ServerProcess::stop() {
  if (!process_) return -1;
  g_subprocess_send_signal(process_.get(), SIGTERM);
  g_subprocess_wait(process_.get(), nullptr, nullptr);
  const int status = g_subprocess_get_if_exited(process_.get())
                         ? g_subprocess_get_exit_status(process_.get())
                         : -1;
  process_.reset();
  port_ = 0;
  return status;
}

int ServerProcess::pid() const {
  const char* id = process_ ? g_subprocess_get_identifier(process_.get()) : nullptr;
  return id ? std::atoi(id) : 0;
}

std::string ServerProcess::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

HttpReply ServerProcess::request(const std::string& method, const std::string& path,
                                 const char* authorization, const std::string& body) const {
  HttpReply reply;
  GObjectPtr<SoupMessage> msg(soup_message_new(method.c_str(), url(path).c_str()));
  if (!msg) return reply;
  if (authorization)
    soup_message_headers_append(soup_message_get_request_headers(msg.get()), "Authorization",
                                authorization);
  if (!body.empty()) {
    GBytesPtr bytes(g_bytes_new(body.data(), body.size()));
    soup_message_set_request_body_from_bytes(msg.get(), "application/json", bytes.get());
  }
  GBytesPtr bytes(soup_session_send_and_read(session_.get(), msg.get(), nullptr, nullptr));
  reply.status = soup_message_get_status(msg.get());
  if (bytes) {
    gsize size = 0;
    const char* data = static_cast<const char*>(g_bytes_get_data(bytes.get(), &size));
    reply.body.assign(data ? data : "", size);
  }
  const char* type =
      soup_message_headers_get_content_type(soup_message_get_response_headers(msg.get()), nullptr);
  reply.content_type = type ? type : "";
  return reply;
}

}  // namespace lava::test
