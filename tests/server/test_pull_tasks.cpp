// parsebin's typefind reads a local file in pull mode from a task of its own; once oggdemux pulls
// through it, that task is only paused and its thread waits for the rest of the track (a second
// thread per local-file player, issue #11). stop_idle_pull_tasks ends exactly that task, and the
// track still plays whole, also after a seek (which the demuxer runs through typefind's pads).
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "gobject_ptr.h"
#include "media_server.h"
#include "player/pull_tasks.h"

using lava::GstObjectPtr;

namespace {

GstElement* typefind_in(GstBin* bin) {
  GstElement* found = nullptr;
  GstIterator* it = gst_bin_iterate_recurse(bin);
  GValue item = G_VALUE_INIT;
  while (!found && gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
    auto* e = GST_ELEMENT(g_value_get_object(&item));
    GstElementFactory* f = gst_element_get_factory(e);
    if (f && g_str_equal(gst_plugin_feature_get_name(GST_PLUGIN_FEATURE(f)), "typefind"))
      found = GST_ELEMENT(gst_object_ref(e));
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(it);
  return found;
}

GstTaskState sink_task_state(GstElement* e) {
  GstObjectPtr<GstPad> pad(gst_element_get_static_pad(e, "sink"));
  return gst_pad_get_task_state(pad.get());
}

// Audio packets until EOS (the two Opus header packets included).
int pull_to_eos(GstElement* sink) {
  int n = 0;
  while (GstSample* s = gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 10 * GST_SECOND)) {
    gst_sample_unref(s);
    ++n;
  }
  return n;
}

TEST(PullTasks, TypefindsPausedTaskIsStoppedAndTheTrackStillPlays) {
  gchar* name = nullptr;
  const int fd = g_file_open_tmp("pull-tasks-XXXXXX.opus", &name, nullptr);
  ASSERT_GE(fd, 0);
  close(fd);
  const std::string path = name;
  g_free(name);
  const std::string tone = lava::test::make_tone(2, "opusenc ! oggmux", "Tone", "Test");
  ASSERT_TRUE(g_file_set_contents(path.c_str(), tone.data(), gssize(tone.size()), nullptr));

  GstObjectPtr<GstElement> p(gst_parse_launch(
      ("filesrc location=" + path + " ! parsebin name=parse parse. ! appsink name=out sync=false")
          .c_str(),
      nullptr));
  ASSERT_TRUE(p);
  GstObjectPtr<GstElement> out(gst_bin_get_by_name(GST_BIN(p.get()), "out"));
  gst_element_set_state(p.get(), GST_STATE_PAUSED);
  ASSERT_EQ(gst_element_get_state(p.get(), nullptr, nullptr, 10 * GST_SECOND),
            GST_STATE_CHANGE_SUCCESS);
  GstObjectPtr<GstElement> typefind(typefind_in(GST_BIN(p.get())));
  ASSERT_TRUE(typefind);
  // What costs the thread: typefind's task, paused rather than stopped.
  EXPECT_EQ(sink_task_state(typefind.get()), GST_TASK_PAUSED);

  EXPECT_EQ(lava::server::player::stop_idle_pull_tasks(GST_BIN(p.get())), 1);
  EXPECT_EQ(sink_task_state(typefind.get()), GST_TASK_STOPPED);
  // The demuxer's own task, which streams the track, is left alone.
  EXPECT_EQ(lava::server::player::stop_idle_pull_tasks(GST_BIN(p.get())), 0);

  gst_element_set_state(p.get(), GST_STATE_PLAYING);
  const int whole = pull_to_eos(out.get());
  EXPECT_GE(whole, 2 * 50);  // two seconds of 20 ms packets
  EXPECT_TRUE(gst_app_sink_is_eos(GST_APP_SINK(out.get())));
  ASSERT_TRUE(gst_element_seek_simple(p.get(), GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, 0));
  const int again = pull_to_eos(out.get());
  EXPECT_NEAR(again, whole, 2);  // the seek does not send the headers again
  EXPECT_TRUE(gst_app_sink_is_eos(GST_APP_SINK(out.get())));
  gst_element_set_state(p.get(), GST_STATE_NULL);
  g_unlink(path.c_str());
}

}  // namespace
