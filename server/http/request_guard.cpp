#include "request_guard.h"

#include <string>

namespace lava::server::http {

namespace {

constexpr const char* kBodyKey = "lava-capped-body";
constexpr const char* kDeadlineKey = "lava-read-deadline";
constexpr const char* kSocketAdoptedKey = "lava-socket-adopted";

// libsoup before 3.4.0 keeps one reference too many on every socket it accepts (fixed by
// GNOME/libsoup commit b545d5f0), so each connection leaks its GSocket (≈ 350 bytes).
bool listener_leaks_sockets() {
  return soup_get_major_version() == 3 && soup_get_minor_version() < 4;
}

// Drops that extra reference once per connection; the connection keeps its own until it ends.
void release_leaked_socket_ref(SoupServerMessage* msg) {
  static const bool leaks = listener_leaks_sockets();
  GSocket* socket = leaks ? soup_server_message_get_socket(msg) : nullptr;
  if (!socket || g_object_get_data(G_OBJECT(socket), kSocketAdoptedKey)) return;
  g_object_set_data(G_OBJECT(socket), kSocketAdoptedKey, GINT_TO_POINTER(1));
  g_object_unref(socket);
}

struct CappedBody {
  std::int64_t max_bytes;
  std::string data;
  bool too_large = false;
};

void on_chunk(SoupServerMessage*, GBytes* chunk, gpointer body_ptr) {
  auto* body = static_cast<CappedBody*>(body_ptr);
  if (body->too_large) return;
  gsize size = 0;
  const char* data = static_cast<const char*>(g_bytes_get_data(chunk, &size));
  if (static_cast<std::int64_t>(body->data.size() + size) > body->max_bytes) {
    body->too_large = true;
    body->data = std::string();
    return;
  }
  body->data.append(data, size);
}

// Owned by the message (object data), so the timer never outlives it.
struct Deadline {
  SoupServerMessage* msg;
  guint timer = 0;
  ~Deadline() {
    if (timer) g_source_remove(timer);
  }
};

gboolean on_deadline(gpointer deadline_ptr) {
  auto* deadline = static_cast<Deadline*>(deadline_ptr);
  deadline->timer = 0;
  // Shutting the socket down (not closing it) lets libsoup see end-of-stream on its pending
  // read and drop the connection through its own error path.
  if (GSocket* socket = soup_server_message_get_socket(deadline->msg))
    g_socket_shutdown(socket, TRUE, TRUE, nullptr);
  return G_SOURCE_REMOVE;
}

void on_body_read(SoupServerMessage* msg, gpointer) {
  g_object_set_data(G_OBJECT(msg), kDeadlineKey, nullptr);
}

void on_request_started(SoupServer*, SoupServerMessage* msg, gpointer timeout_s) {
  release_leaked_socket_ref(msg);
  auto* deadline = new Deadline{msg};
  deadline->timer = g_timeout_add_seconds(GPOINTER_TO_UINT(timeout_s), on_deadline, deadline);
  g_object_set_data_full(G_OBJECT(msg), kDeadlineKey, deadline,
                         [](gpointer d) { delete static_cast<Deadline*>(d); });
  g_signal_connect(msg, "got-body", G_CALLBACK(on_body_read), nullptr);
}

}  // namespace

void guard_requests(SoupServer* server, unsigned read_timeout_s) {
  g_signal_connect(server, "request-started", G_CALLBACK(on_request_started),
                   GUINT_TO_POINTER(read_timeout_s));
}

void cap_request_body(SoupServerMessage* msg, std::int64_t max_body_bytes) {
  soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
  auto* body = new CappedBody{max_body_bytes, {}};
  g_object_set_data_full(G_OBJECT(msg), kBodyKey, body,
                         [](gpointer b) { delete static_cast<CappedBody*>(b); });
  g_signal_connect(msg, "got-chunk", G_CALLBACK(on_chunk), body);
}

std::string_view capped_request_body(SoupServerMessage* msg, bool* too_large) {
  auto* body = static_cast<CappedBody*>(g_object_get_data(G_OBJECT(msg), kBodyKey));
  if (too_large) *too_large = body && body->too_large;
  return body ? std::string_view(body->data) : std::string_view();
}

}  // namespace lava::server::http
