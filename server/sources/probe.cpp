#include "probe.h"

#include <gst/gst.h>

#include <cstring>

#include "gobject_ptr.h"

namespace lava::server::sources {

namespace {

// How long to keep listening after preroll for a better duration: demuxers in push mode (HTTP)
// may refine it once their end-of-file probe comes back.
constexpr unsigned kDurationSettleMs = 250;

std::string container_name(const std::string& container, const std::string& codec) {
  const std::string c = GCharPtr(g_ascii_strdown(container.c_str(), -1)).get();
  const std::string a = GCharPtr(g_ascii_strdown(codec.c_str(), -1)).get();
  if (c.find("ogg") != std::string::npos) return "ogg";
  if (c.find("wav") != std::string::npos || c.find("riff") != std::string::npos) return "wav";
  if (c.find("flac") != std::string::npos || a.find("flac") != std::string::npos) return "flac";
  if (c.find("webm") != std::string::npos) return "webm";
  if (c.find("matroska") != std::string::npos) return "matroska";
  if (c.find("mp4") != std::string::npos || c.find("iso") != std::string::npos) return "mp4";
  if (a.find("mp3") != std::string::npos || a.find("layer 3") != std::string::npos) return "mp3";
  if (a.find("aac") != std::string::npos) return "adts";
  return c.empty() ? "unknown" : c;
}

class Probe {
 public:
  Probe(const std::string& uri, unsigned timeout_ms, ProbeDone done) : done_(std::move(done)) {
    pipeline_ = adopt_gst(gst_pipeline_new("probe"));
    GstElement* decode = gst_element_factory_make("uridecodebin", nullptr);
    g_object_set(decode, "uri", uri.c_str(), nullptr);
    g_signal_connect(decode, "pad-added", G_CALLBACK(&Probe::on_pad_added), this);
    gst_bin_add(GST_BIN(pipeline_.get()), decode);
    GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline_.get()));
    gst_bus_add_watch(bus.get(), &Probe::on_message, this);
    timeout_ = g_timeout_add(timeout_ms, &Probe::on_timeout, this);
    if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE &&
        result_.error.empty())
      result_.error = "cannot open " + uri;
  }

  ~Probe() {
    if (timeout_) g_source_remove(timeout_);
    if (settle_) g_source_remove(settle_);
    GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline_.get()));
    gst_bus_remove_watch(bus.get());
    gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  }

 private:
  static void on_pad_added(GstElement*, GstPad* pad, gpointer self_ptr) {
    auto* self = static_cast<Probe*>(self_ptr);
    GstCapsPtr caps(gst_pad_get_current_caps(pad));
    const GstStructure* s = caps ? gst_caps_get_structure(caps.get(), 0) : nullptr;
    if (s && g_str_has_prefix(gst_structure_get_name(s), "audio/")) self->has_audio_ = true;
    // Every stream gets a sink so preroll completes; only audio matters.
    GstElement* sink = gst_element_factory_make("fakesink", nullptr);
    g_object_set(sink, "sync", FALSE, nullptr);
    gst_bin_add(GST_BIN(self->pipeline_.get()), sink);
    gst_element_sync_state_with_parent(sink);
    GstObjectPtr<GstPad> sinkpad(gst_element_get_static_pad(sink, "sink"));
    gst_pad_link(pad, sinkpad.get());
  }

  void read_tags(GstMessage* msg) {
    GstTagList* tags = nullptr;
    gst_message_parse_tag(msg, &tags);
    auto take = [tags](const char* tag, std::string& out) {
      gchar* value = nullptr;
      if (out.empty() && gst_tag_list_get_string(tags, tag, &value)) out = value;
      g_free(value);
    };
    take(GST_TAG_TITLE, result_.title);
    take(GST_TAG_ARTIST, result_.artist);
    take(GST_TAG_CONTAINER_FORMAT, container_);
    take(GST_TAG_AUDIO_CODEC, codec_);
    std::string isrc;
    take(GST_TAG_ISRC, isrc);
    if (!isrc.empty()) result_.isrc = isrc;
    gst_tag_list_unref(tags);
  }

  void read_position_info() {
    gint64 duration = -1;
    if (gst_element_query_duration(pipeline_.get(), GST_FORMAT_TIME, &duration) && duration > 0)
      result_.duration_ms = duration / GST_MSECOND;
    GstQuery* q = gst_query_new_seeking(GST_FORMAT_TIME);
    if (gst_element_query(pipeline_.get(), q)) {
      gboolean seekable = FALSE;
      gst_query_parse_seeking(q, nullptr, &seekable, nullptr, nullptr);
      result_.seekable = seekable;
    }
    gst_query_unref(q);
  }

  static gboolean on_message(GstBus*, GstMessage* msg, gpointer self_ptr) {
    auto* self = static_cast<Probe*>(self_ptr);
    switch (GST_MESSAGE_TYPE(msg)) {
      case GST_MESSAGE_ERROR: {
        GError* err = nullptr;
        gst_message_parse_error(msg, &err, nullptr);
        self->result_.error = err ? err->message : "unknown error";
        g_clear_error(&err);
        self->finish();
        break;
      }
      case GST_MESSAGE_TAG:
        self->read_tags(msg);
        break;
      case GST_MESSAGE_ASYNC_DONE:
        if (!self->settle_ && !self->prerolled_) {
          self->prerolled_ = true;
          self->settle_ = g_timeout_add(kDurationSettleMs, &Probe::on_settled, self);
        }
        break;
      default:
        break;
    }
    return G_SOURCE_CONTINUE;
  }

  static gboolean on_settled(gpointer self_ptr) {
    auto* self = static_cast<Probe*>(self_ptr);
    self->settle_ = 0;
    self->read_position_info();
    if (!self->has_audio_) self->result_.error = "the stream contains no audio";
    self->result_.ok = self->result_.error.empty();
    self->finish();
    return G_SOURCE_REMOVE;
  }

  static gboolean on_timeout(gpointer self_ptr) {
    auto* self = static_cast<Probe*>(self_ptr);
    self->timeout_ = 0;
    if (self->result_.error.empty()) self->result_.error = "timed out while probing the stream";
    self->finish();
    return G_SOURCE_REMOVE;
  }

  // Called once; hands the result over and deletes the probe from an idle callback so the
  // bus watch that called us is not destroyed while it runs.
  void finish() {
    if (finished_) return;
    finished_ = true;
    result_.container = container_name(container_, codec_);
    ProbeDone done = std::move(done_);
    ProbeResult result = std::move(result_);
    g_idle_add(
        [](gpointer p) {
          delete static_cast<Probe*>(p);
          return G_SOURCE_REMOVE;
        },
        this);
    done(std::move(result));
  }

  ProbeDone done_;
  ProbeResult result_;
  GstObjectPtr<GstElement> pipeline_;
  std::string container_;
  std::string codec_;
  guint timeout_ = 0;
  guint settle_ = 0;
  bool has_audio_ = false;
  bool prerolled_ = false;
  bool finished_ = false;
};

}  // namespace

void probe_uri(const std::string& uri, unsigned timeout_ms, ProbeDone done) {
  new Probe(uri, timeout_ms, std::move(done));
}

}  // namespace lava::server::sources
