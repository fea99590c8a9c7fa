#include "http_session.h"

#include <cstring>
#include <mutex>

namespace lava::server::sources {

namespace {

constexpr const char* kSessionContext = "gst.soup.session";

std::mutex mutex;
// Held for the life of the process: the session's thread ends with its last reference.
GstContext* shared = nullptr;

}  // namespace

GstBusSyncReply share_http_session(GstBus*, GstMessage* message, gpointer) {
  const GstMessageType type = GST_MESSAGE_TYPE(message);
  if (type == GST_MESSAGE_NEED_CONTEXT) {
    const gchar* wanted = nullptr;
    if (!gst_message_parse_context_type(message, &wanted) ||
        std::strcmp(wanted, kSessionContext) != 0)
      return GST_BUS_PASS;
    std::lock_guard lock(mutex);
    if (shared) gst_element_set_context(GST_ELEMENT(GST_MESSAGE_SRC(message)), shared);
  } else if (type == GST_MESSAGE_HAVE_CONTEXT) {
    GstContext* context = nullptr;
    gst_message_parse_have_context(message, &context);
    if (!context) return GST_BUS_PASS;
    if (std::strcmp(gst_context_get_context_type(context), kSessionContext) == 0) {
      std::lock_guard lock(mutex);
      if (!shared) shared = gst_context_ref(context);
    }
    gst_context_unref(context);
  }
  return GST_BUS_PASS;
}

}  // namespace lava::server::sources
