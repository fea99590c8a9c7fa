#include "media_server.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

namespace lava::test {

MediaServer::MediaServer() {
  context_ = g_main_context_new();
  loop_ = g_main_loop_new(context_, FALSE);
  g_main_context_push_thread_default(context_);
  server_.reset(SOUP_SERVER(g_object_new(SOUP_TYPE_SERVER, nullptr)));
  soup_server_add_handler(server_.get(), nullptr, &MediaServer::on_request, this, nullptr);
  GObjectPtr<GInetAddress> loopback(g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4));
  GObjectPtr<GSocketAddress> address(g_inet_socket_address_new(loopback.get(), 0));
  soup_server_listen(server_.get(), address.get(), static_cast<SoupServerListenOptions>(0),
                     nullptr);
  GSList* uris = soup_server_get_uris(server_.get());
  if (uris) port_ = g_uri_get_port(static_cast<GUri*>(uris->data));
  g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
  g_main_context_pop_thread_default(context_);
  thread_ = std::thread([this] {
    g_main_context_push_thread_default(context_);
    g_main_loop_run(loop_);
    g_main_context_pop_thread_default(context_);
  });
}

MediaServer::~MediaServer() {
  g_main_context_invoke(
      context_,
      [](gpointer loop) {
        g_main_loop_quit(static_cast<GMainLoop*>(loop));
        return G_SOURCE_REMOVE;
      },
      loop_);
  thread_.join();
  g_main_context_push_thread_default(context_);
  soup_server_disconnect(server_.get());
  server_.reset();
  while (g_main_context_iteration(context_, FALSE)) {
  }
  g_main_context_pop_thread_default(context_);
  g_main_loop_unref(loop_);
  g_main_context_unref(context_);
}

void MediaServer::add(const std::string& path, std::string body, const std::string& content_type) {
  std::lock_guard lock(mutex_);
  files_[path] = {std::move(body), content_type};
}

std::string MediaServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void MediaServer::on_request(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable*,
                             gpointer self_ptr) {
  auto* self = static_cast<MediaServer*>(self_ptr);
  std::lock_guard lock(self->mutex_);
  auto it = self->files_.find(path);
  if (it == self->files_.end()) {
    soup_server_message_set_status(msg, SOUP_STATUS_NOT_FOUND, nullptr);
    return;
  }
  soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Accept-Ranges",
                               "bytes");
  soup_server_message_set_status(msg, SOUP_STATUS_OK, nullptr);
  soup_server_message_set_response(msg, it->second.content_type.c_str(), SOUP_MEMORY_COPY,
                                   it->second.body.data(), it->second.body.size());
}

bool run_to_eos(const std::string& launch) {
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(launch.c_str(), &error);
  if (!pipeline || error) {
    g_clear_error(&error);
    if (pipeline) gst_object_unref(pipeline);
    return false;
  }
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* done = gst_bus_timed_pop_filtered(
      bus, 60 * GST_SECOND, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  const bool ok = done && GST_MESSAGE_TYPE(done) == GST_MESSAGE_EOS;
  if (done) gst_message_unref(done);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return ok;
}

std::string make_tone(double seconds, const std::string& encoder, const std::string& title,
                      const std::string& artist) {
  gchar* path = nullptr;
  const int fd = g_file_open_tmp("lavalink-tone-XXXXXX", &path, nullptr);
  if (fd < 0) return {};
  close(fd);
  const int buffers = static_cast<int>(seconds * 50);
  const std::string launch = "audiotestsrc num-buffers=" + std::to_string(buffers) +
                             " samplesperbuffer=960 ! audio/x-raw,rate=48000,channels=2 ! "
                             "taginject tags=\"title=\\\"" +
                             title + "\\\",artist=\\\"" + artist + "\\\"\" ! audioconvert ! " +
                             encoder + " ! filesink location=" + path;
  std::string bytes;
  if (run_to_eos(launch)) {
    gchar* contents = nullptr;
    gsize size = 0;
    if (g_file_get_contents(path, &contents, &size, nullptr)) bytes.assign(contents, size);
    g_free(contents);
  }
  g_unlink(path);
  g_free(path);
  return bytes;
}

}  // namespace lava::test
