#include "capped_websocket.h"

#include "ws/message_meter.h"

// GObject types at file scope: G_DEFINE_TYPE defines their get_type functions.

// A filter over the connection's input that meters the client's frames.
struct LavaCappedInput {
  GFilterInputStream parent;
  lava::server::ws::MessageMeter* meter;
  GWeakRef socket;  // the SoupWebsocketConnection reading from us
  bool close_sent;
};
struct LavaCappedInputClass {
  GFilterInputStreamClass parent_class;
};

static void lava_capped_input_pollable_init(GPollableInputStreamInterface* iface);
G_DEFINE_TYPE_WITH_CODE(LavaCappedInput, lava_capped_input, G_TYPE_FILTER_INPUT_STREAM,
                        G_IMPLEMENT_INTERFACE(G_TYPE_POLLABLE_INPUT_STREAM,
                                              lava_capped_input_pollable_init))

// Holds the stolen stream: our input, its output, and closing closes it.
struct LavaCappedIo {
  GIOStream parent;
  GIOStream* base;
  GInputStream* input;
};
struct LavaCappedIoClass {
  GIOStreamClass parent_class;
};
G_DEFINE_TYPE(LavaCappedIo, lava_capped_io, G_TYPE_IO_STREAM)

namespace {

LavaCappedInput* capped_input(gpointer p) {
  return G_TYPE_CHECK_INSTANCE_CAST(p, lava_capped_input_get_type(), LavaCappedInput);
}

LavaCappedIo* capped_io(gpointer p) {
  return G_TYPE_CHECK_INSTANCE_CAST(p, lava_capped_io_get_type(), LavaCappedIo);
}

GInputStream* base_input(LavaCappedInput* self) {
  return g_filter_input_stream_get_base_stream(G_FILTER_INPUT_STREAM(self));
}

// From the main loop, never from inside libsoup's read.
gboolean close_too_big(gpointer data) {
  LavaCappedInput* self = capped_input(data);
  auto* ws = static_cast<SoupWebsocketConnection*>(g_weak_ref_get(&self->socket));
  if (ws) {
    if (soup_websocket_connection_get_state(ws) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close(ws, SOUP_WEBSOCKET_CLOSE_TOO_BIG, "Message too big");
    g_object_unref(ws);
  }
  self->close_sent = true;
  return G_SOURCE_REMOVE;
}

// What of the `n` bytes just read into `buffer` libsoup may see.
gssize meter(LavaCappedInput* self, void* buffer, gssize n, bool blocking, GError** error) {
  if (n <= 0) return n;
  if (!self->meter->exceeded()) {
    const std::size_t passed = self->meter->feed(
        std::span(static_cast<const std::uint8_t*>(buffer), static_cast<std::size_t>(n)));
    if (!self->meter->exceeded()) return n;
    GSource* idle = g_idle_source_new();
    // Not below the socket's priority: a client that keeps sending would starve it.
    g_source_set_priority(idle, G_PRIORITY_DEFAULT);
    g_source_set_callback(idle, close_too_big, g_object_ref(self), g_object_unref);
    g_source_attach(idle, g_main_context_get_thread_default());
    g_source_unref(idle);
    if (passed > 0) return static_cast<gssize>(passed);
  }
  // Past the limit everything is dropped. Once our close frame is out, the client's next bytes
  // (its close frame, most likely) end the stream, so libsoup lets the connection go at once.
  if (self->close_sent) return 0;
  if (blocking) {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                        "WebSocket message too big");
  } else {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "dropped");
  }
  return -1;
}

gssize input_read(GInputStream* stream, void* buffer, gsize count, GCancellable* cancellable,
                  GError** error) {
  LavaCappedInput* self = capped_input(stream);
  const gssize n = g_input_stream_read(base_input(self), buffer, count, cancellable, error);
  return meter(self, buffer, n, true, error);
}

gssize input_read_nonblocking(GPollableInputStream* stream, void* buffer, gsize count,
                              GError** error) {
  LavaCappedInput* self = capped_input(stream);
  const gssize n = g_pollable_input_stream_read_nonblocking(
      G_POLLABLE_INPUT_STREAM(base_input(self)), buffer, count, nullptr, error);
  return meter(self, buffer, n, false, error);
}

gboolean input_can_poll(GPollableInputStream* stream) {
  GInputStream* base = base_input(capped_input(stream));
  return G_IS_POLLABLE_INPUT_STREAM(base) &&
         g_pollable_input_stream_can_poll(G_POLLABLE_INPUT_STREAM(base));
}

gboolean input_is_readable(GPollableInputStream* stream) {
  return g_pollable_input_stream_is_readable(
      G_POLLABLE_INPUT_STREAM(base_input(capped_input(stream))));
}

GSource* input_create_source(GPollableInputStream* stream, GCancellable* cancellable) {
  GSource* base = g_pollable_input_stream_create_source(
      G_POLLABLE_INPUT_STREAM(base_input(capped_input(stream))), cancellable);
  GSource* source = g_pollable_source_new_full(stream, base, cancellable);
  g_source_unref(base);
  return source;
}

void input_finalize(GObject* object) {
  LavaCappedInput* self = capped_input(object);
  delete self->meter;
  g_weak_ref_clear(&self->socket);
  G_OBJECT_CLASS(lava_capped_input_parent_class)->finalize(object);
}

GInputStream* io_get_input(GIOStream* stream) {
  return capped_io(stream)->input;
}

GOutputStream* io_get_output(GIOStream* stream) {
  return g_io_stream_get_output_stream(capped_io(stream)->base);
}

gboolean io_close(GIOStream* stream, GCancellable* cancellable, GError** error) {
  return g_io_stream_close(capped_io(stream)->base, cancellable, error);
}

// Closing the socket does not block: no worker thread as GIOStream's default would use.
void io_close_async(GIOStream* stream, int priority, GCancellable* cancellable,
                    GAsyncReadyCallback callback, gpointer data) {
  GTask* task = g_task_new(stream, cancellable, callback, data);
  g_io_stream_close_async(
      capped_io(stream)->base, priority, cancellable,
      [](GObject* base, GAsyncResult* result, gpointer task_ptr) {
        GError* error = nullptr;
        auto* task = static_cast<GTask*>(task_ptr);
        if (g_io_stream_close_finish(G_IO_STREAM(base), result, &error))
          g_task_return_boolean(task, TRUE);
        else
          g_task_return_error(task, error);
        g_object_unref(task);
      },
      task);
}

gboolean io_close_finish(GIOStream*, GAsyncResult* result, GError** error) {
  return g_task_propagate_boolean(G_TASK(result), error);
}

void io_dispose(GObject* object) {
  LavaCappedIo* self = capped_io(object);
  G_OBJECT_CLASS(lava_capped_io_parent_class)->dispose(object);
  g_clear_object(&self->input);
  g_clear_object(&self->base);
}

}  // namespace

static void lava_capped_input_init(LavaCappedInput* self) {
  g_weak_ref_init(&self->socket, nullptr);
}

static void lava_capped_input_class_init(LavaCappedInputClass* klass) {
  G_OBJECT_CLASS(klass)->finalize = input_finalize;
  G_INPUT_STREAM_CLASS(klass)->read_fn = input_read;
}

static void lava_capped_input_pollable_init(GPollableInputStreamInterface* iface) {
  iface->can_poll = input_can_poll;
  iface->is_readable = input_is_readable;
  iface->create_source = input_create_source;
  iface->read_nonblocking = input_read_nonblocking;
}

static void lava_capped_io_init(LavaCappedIo*) {}

static void lava_capped_io_class_init(LavaCappedIoClass* klass) {
  G_OBJECT_CLASS(klass)->dispose = io_dispose;
  GIOStreamClass* io = G_IO_STREAM_CLASS(klass);
  io->get_input_stream = io_get_input;
  io->get_output_stream = io_get_output;
  io->close_fn = io_close;
  io->close_async = io_close_async;
  io->close_finish = io_close_finish;
}

namespace lava::server::ws {

SoupWebsocketConnection* new_capped_websocket(GIOStream* stolen, GUri* uri, const char* origin,
                                              const char* protocol,
                                              std::uint64_t max_message_bytes) {
  LavaCappedInput* input = capped_input(g_object_new(lava_capped_input_get_type(), "base-stream",
                                                     g_io_stream_get_input_stream(stolen),
                                                     "close-base-stream", FALSE, nullptr));
  input->meter = new MessageMeter(max_message_bytes);
  LavaCappedIo* io = capped_io(g_object_new(lava_capped_io_get_type(), nullptr));
  io->base = G_IO_STREAM(g_object_ref(stolen));
  io->input = G_INPUT_STREAM(input);
  SoupWebsocketConnection* ws = soup_websocket_connection_new(
      G_IO_STREAM(io), uri, SOUP_WEBSOCKET_CONNECTION_SERVER, origin, protocol, nullptr);
  g_object_unref(io);
  g_weak_ref_set(&input->socket, ws);
  soup_websocket_connection_set_max_incoming_payload_size(ws, max_message_bytes);
  return ws;
}

}  // namespace lava::server::ws
