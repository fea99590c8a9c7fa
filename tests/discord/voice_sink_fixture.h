// A pipeline playing a 440 Hz tone into discordvoicesink, pointed at a voice test server.
#pragma once

#include <gst/gst.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gobject_ptr.h"
#include "voice_server_process.h"

namespace lava::test {

inline gint64 member_int(JsonObject* o, const char* name) {
  return o ? json_object_get_int_member_with_default(o, name, -1) : -1;
}
inline double member_double(JsonObject* o, const char* name) {
  return o ? json_object_get_double_member_with_default(o, name, -1) : -1;
}

class VoiceSinkTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  }

  // num_buffers < 0: an endless tone.
  void build(int num_buffers = -1) {
    std::string desc = "audiotestsrc wave=sine freq=440 volume=0.5 samplesperbuffer=960 ";
    if (num_buffers >= 0) desc += "num-buffers=" + std::to_string(num_buffers) + " ";
    desc +=
        "! audio/x-raw,rate=48000,channels=2 ! opusenc frame-size=20 ! "
        "discordvoicesink name=sink";
    GError* error = nullptr;
    pipeline_ = adopt_gst(gst_parse_launch(desc.c_str(), &error));
    ASSERT_TRUE(pipeline_) << error->message;
    sink_ = adopt_gst(gst_bin_get_by_name(GST_BIN(pipeline_.get()), "sink"));
    bus_ = adopt_gst(gst_element_get_bus(pipeline_.get()));
  }

  void set_credentials(const std::string& endpoint, const std::string& session = "session-1",
                       const std::string& token = "token-1", const char* channel = "222") {
    g_object_set(sink_.get(), "endpoint", endpoint.c_str(), "token", token.c_str(), "session-id",
                 session.c_str(), "guild-id", "111", "user-id", "333", "channel-id", channel,
                 nullptr);
  }

  void play() {
    ASSERT_NE(gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  }

  // The next message of `type` (for ELEMENT: with structure `name`); others are recorded.
  GstMessagePtr wait_message(GstMessageType type, const char* name = nullptr,
                             int timeout_ms = 5000) {
    const GstClockTime deadline = gst_util_get_timestamp() + timeout_ms * GST_MSECOND;
    for (;;) {
      const GstClockTime now = gst_util_get_timestamp();
      if (now >= deadline) return nullptr;
      GstMessagePtr msg(gst_bus_timed_pop_filtered(
          bus_.get(), deadline - now,
          static_cast<GstMessageType>(GST_MESSAGE_ELEMENT | GST_MESSAGE_ERROR |
                                      GST_MESSAGE_WARNING | GST_MESSAGE_EOS)));
      if (!msg) return nullptr;
      const GstStructure* s = gst_message_get_structure(msg.get());
      const bool match =
          GST_MESSAGE_TYPE(msg.get()) == type && (!name || (s && gst_structure_has_name(s, name)));
      if (match) return msg;
      if (GST_MESSAGE_TYPE(msg.get()) == GST_MESSAGE_ERROR) ++unexpected_errors_;
    }
  }

  void wait_connected() {
    ASSERT_TRUE(wait_message(GST_MESSAGE_ELEMENT, "discordvoice-connected")) << "never connected";
  }

  guint64 counter(const char* name) {
    guint64 v = 0;
    g_object_get(sink_.get(), name, &v, nullptr);
    return v;
  }

  // Waits until the sink has sent at least `frames` audio frames.
  bool wait_frames_sent(guint64 frames, int timeout_ms = 5000) {
    for (int waited = 0; waited < timeout_ms; waited += 20) {
      if (counter("frames-sent") >= frames) return true;
      g_usleep(20000);
    }
    return false;
  }

  GstObjectPtr<GstElement> pipeline_;
  GstObjectPtr<GstElement> sink_;
  GstObjectPtr<GstBus> bus_;
  int unexpected_errors_ = 0;
};

}  // namespace lava::test
