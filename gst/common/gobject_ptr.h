// Owning smart pointers for GLib/GObject/GStreamer handles, so every reference has one owner.
#pragma once

#include <glib-object.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include <memory>
#include <utility>

namespace lava {

// Unref functor for any GObject (GstObject included: gst_object_unref is g_object_unref plus
// tracing, and a floating reference must be sunk by whoever adopts it).
struct GObjectUnref {
  void operator()(gpointer p) const { g_object_unref(p); }
};

template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GstObjectUnref {
  void operator()(gpointer p) const { gst_object_unref(p); }
};

// A GstObject with exactly one owned reference (floating refs are sunk on adoption).
template <typename T>
using GstObjectPtr = std::unique_ptr<T, GstObjectUnref>;

template <typename T>
GstObjectPtr<T> adopt_gst(T* obj) {
  if (obj && g_object_is_floating(obj)) gst_object_ref_sink(obj);
  return GstObjectPtr<T>(obj);
}

struct GstMiniObjectUnref {
  void operator()(gpointer p) const { gst_mini_object_unref(GST_MINI_OBJECT_CAST(p)); }
};
using GstBufferPtr = std::unique_ptr<GstBuffer, GstMiniObjectUnref>;
using GstCapsPtr = std::unique_ptr<GstCaps, GstMiniObjectUnref>;
using GstMessagePtr = std::unique_ptr<GstMessage, GstMiniObjectUnref>;
using GstEventPtr = std::unique_ptr<GstEvent, GstMiniObjectUnref>;
using GstSamplePtr = std::unique_ptr<GstSample, GstMiniObjectUnref>;

struct GFreeDeleter {
  void operator()(gpointer p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<gchar, GFreeDeleter>;

struct GErrorDeleter {
  void operator()(GError* e) const { g_error_free(e); }
};
using GErrorPtr = std::unique_ptr<GError, GErrorDeleter>;

struct GBytesDeleter {
  void operator()(GBytes* b) const { g_bytes_unref(b); }
};
using GBytesPtr = std::unique_ptr<GBytes, GBytesDeleter>;

struct JsonNodeDeleter {
  void operator()(JsonNode* n) const { json_node_unref(n); }
};
using JsonNodePtr = std::unique_ptr<JsonNode, JsonNodeDeleter>;

struct JsonObjectDeleter {
  void operator()(JsonObject* o) const { json_object_unref(o); }
};
using JsonObjectPtr = std::unique_ptr<JsonObject, JsonObjectDeleter>;

struct JsonArrayDeleter {
  void operator()(JsonArray* a) const { json_array_unref(a); }
};
using JsonArrayPtr = std::unique_ptr<JsonArray, JsonArrayDeleter>;

struct GMainLoopDeleter {
  void operator()(GMainLoop* l) const { g_main_loop_unref(l); }
};
using GMainLoopPtr = std::unique_ptr<GMainLoop, GMainLoopDeleter>;

struct GMainContextDeleter {
  void operator()(GMainContext* c) const { g_main_context_unref(c); }
};
using GMainContextPtr = std::unique_ptr<GMainContext, GMainContextDeleter>;

struct GSourceDeleter {
  void operator()(GSource* s) const {
    g_source_destroy(s);
    g_source_unref(s);
  }
};
// Owns an attached GSource: destroying the pointer detaches it from its context.
using GSourcePtr = std::unique_ptr<GSource, GSourceDeleter>;

}  // namespace lava
