#include "finished_stream_guard.h"

#include <libsoup/soup.h>

#include <atomic>
#include <mutex>

#include "gobject_ptr.h"

namespace lava::server::sources {

namespace {

// libsoup's private response stream type; it is registered with the first response stream.
constexpr const char* kStreamType = "SoupClientInputStream";

using CloseFn = gboolean (*)(GInputStream*, GCancellable*, GError**);

std::atomic<CloseFn> original_close{nullptr};
std::mutex patch_mutex;

// Set on a message by "finished", cleared by "starting" (souphttpsrc sends a message again after
// a seek or a retry): while set, the message has no I/O object.
GQuark finished_quark() {
  static const GQuark quark = g_quark_from_static_string("lava-message-finished");
  return quark;
}

gboolean close_unless_finished(GInputStream* stream, GCancellable* cancellable, GError** error) {
  SoupMessage* msg = nullptr;
  g_object_get(stream, "message", &msg, nullptr);
  GObjectPtr<SoupMessage> owned(msg);
  // The message's end already did what closing would (skip the body, finish the message).
  if (msg && g_object_get_qdata(G_OBJECT(msg), finished_quark())) return TRUE;
  return original_close.load()(stream, cancellable, error);
}

// The response stream class exists once libsoup has made a response stream. In the crashing
// sequence the message's "finished" comes before its stream is closed, so patching there is in
// time even for the process's first response.
void patch_stream_class() {
  if (original_close.load()) return;
  std::lock_guard lock(patch_mutex);
  if (original_close.load()) return;
  const GType type = g_type_from_name(kStreamType);
  if (!type || !g_type_is_a(type, G_TYPE_INPUT_STREAM)) return;
  // Held for the life of the process, like every static class.
  auto* klass = G_INPUT_STREAM_CLASS(g_type_class_ref(type));
  original_close = klass->close_fn;
  // Other threads may be closing streams meanwhile: they see libsoup's function or ours, and ours
  // only after original_close is set.
  g_atomic_pointer_set(reinterpret_cast<gpointer*>(&klass->close_fn),
                       reinterpret_cast<gpointer>(close_unless_finished));
}

gboolean on_message_finished(GSignalInvocationHint*, guint n_values, const GValue* values,
                             gpointer) {
  if (n_values < 1) return TRUE;
  g_object_set_qdata(G_OBJECT(g_value_get_object(&values[0])), finished_quark(),
                     GINT_TO_POINTER(1));
  patch_stream_class();
  return TRUE;
}

gboolean on_message_starting(GSignalInvocationHint*, guint n_values, const GValue* values,
                             gpointer) {
  if (n_values >= 1)
    g_object_set_qdata(G_OBJECT(g_value_get_object(&values[0])), finished_quark(), nullptr);
  return TRUE;
}

}  // namespace

void guard_finished_message_streams() {
  static std::once_flag once;
  std::call_once(once, [] {
    // libsoup 3.7.1 checks for the missing I/O object itself.
    if (soup_check_version(3, 7, 1)) return;
    // The class reference keeps the signals for the process's life.
    g_type_class_ref(SOUP_TYPE_MESSAGE);
    g_signal_add_emission_hook(g_signal_lookup("finished", SOUP_TYPE_MESSAGE), 0,
                               on_message_finished, nullptr, nullptr);
    g_signal_add_emission_hook(g_signal_lookup("starting", SOUP_TYPE_MESSAGE), 0,
                               on_message_starting, nullptr, nullptr);
    patch_stream_class();
  });
}

}  // namespace lava::server::sources
