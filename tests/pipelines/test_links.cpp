// Links: chains, explicit links with pad names, request pads, caps, and pads that appear later.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "pipeline_fixture.h"

using lava::GstObjectPtr;
using lava::test::load_ok;
using lava::test::play_to_eos;
using testing::HasSubstr;

namespace {

// Counts buffers reaching `sink` (a fakesink with signal-handoffs).
struct BufferCounter {
  std::atomic<int> count{0};
  static void handoff(GstElement*, GstBuffer*, GstPad*, gpointer self) {
    static_cast<BufferCounter*>(self)->count++;
  }
  void attach(GstElement* sink) {
    g_object_set(sink, "signal-handoffs", TRUE, nullptr);
    g_signal_connect(sink, "handoff", G_CALLBACK(handoff), this);
  }
};

// filesrc (a short Ogg file) → decodebin → fakesink, wired by `wiring`; the wiring starts on
// line 6.
lava::pipelines::LoadResult decode_ogg(const lava::test::TempDir& dir, const std::string& wiring) {
  lava::test::write_test_ogg(dir.file("in.ogg"), 0.2);
  return load_ok(
      "parameters:\n  in: {type: string}\nnodes:\n"
      "  - {id: src, factory: filesrc, properties: {location: '${in}'}}\n"
      "  - {id: dec, factory: decodebin}\n  - {id: sink, factory: fakesink}\n" +
          wiring,
      {{"in", dir.file("in.ogg")}});
}

}  // namespace

TEST(Links, NodesWithoutChainAreLinkedInOrder) {
  auto r = load_ok(
      "nodes:\n  - {id: a, factory: audiotestsrc, properties: {num-buffers: 3}}\n"
      "  - {id: b, factory: fakesink}\n");
  EXPECT_EQ(play_to_eos(GST_ELEMENT(r.pipeline.get())), "");
}

// The server plays track after track in one pipeline: back in READY or NULL, decodebin drops its
// pads, and the next stream's pads must be linked again.
TEST(Links, DecodebinPadsAreLinkedWhenTheyAppearAndAfterARestart) {
  lava::test::TempDir dir;
  auto r = decode_ogg(dir, "chain: [src, dec, sink]\n");
  BufferCounter counter;
  counter.attach(r.element("sink"));
  ASSERT_EQ(play_to_eos(GST_ELEMENT(r.pipeline.get())), "");
  const int first = counter.count.load();
  ASSERT_GT(first, 0);
  EXPECT_EQ(play_to_eos(GST_ELEMENT(r.pipeline.get())), "");
  EXPECT_EQ(counter.count.load(), 2 * first);
}

TEST(Links, SometimesPadThatNeverLinksIsABusError) {
  lava::test::TempDir dir;
  // decodebin offers raw audio only; a video sink can never take it.
  auto r = decode_ogg(
      dir, "links:\n  - {from: src, to: dec}\n  - {from: dec, to: sink, caps: video/x-raw}\n");
  // Several errors may come (decodebin's own "not linked" too); ours must be among them.
  GstElement* pipeline = GST_ELEMENT(r.pipeline.get());
  GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline));
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  std::string errors;
  while (lava::GstMessagePtr m{
      gst_bus_timed_pop_filtered(bus.get(), 2 * GST_SECOND, GST_MESSAGE_ERROR)}) {
    GError* error = nullptr;
    gchar* debug = nullptr;
    gst_message_parse_error(m.get(), &error, &debug);
    errors += std::string(error->message) + " [" + (debug ? debug : "") + "]\n";
    bool ours = GST_MESSAGE_SRC(m.get()) == GST_OBJECT(r.element("dec"));
    g_error_free(error);
    g_free(debug);
    if (ours) break;
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  EXPECT_THAT(errors,
              HasSubstr("no output pad of 'dec' could be linked to 'dec.sink.caps' [<string>:9:"));
}

TEST(Links, TeeRequestPadsAndLinkCaps) {
  auto r = load_ok(
      "nodes:\n  - {id: src, factory: audiotestsrc, properties: {num-buffers: 5}}\n"
      "  - {id: t, factory: tee}\n  - {id: q1, factory: queue}\n  - {id: q2, factory: queue}\n"
      "  - {id: s1, factory: fakesink}\n  - {id: s2, factory: fakesink}\n"
      "links:\n  - {from: src, to: t}\n  - {from: t.src_%u, to: q1}\n"
      "  - {from: t.src_%u, to: q2, caps: 'audio/x-raw,channels=1'}\n"
      "  - {from: q1, to: s1}\n  - {from: q2, to: s2}\n");
  BufferCounter c1, c2;
  c1.attach(r.element("s1"));
  c2.attach(r.element("s2"));
  EXPECT_EQ(play_to_eos(GST_ELEMENT(r.pipeline.get())), "");
  EXPECT_EQ(c1.count.load(), 5);
  EXPECT_EQ(c2.count.load(), 5);
}

TEST(Links, NamedRequestPadsOnAMixer) {
  auto r = load_ok(
      "nodes:\n"
      "  - {id: a, factory: audiotestsrc, properties: {num-buffers: 4}}\n"
      "  - {id: b, factory: audiotestsrc, properties: {num-buffers: 4, freq: 880}}\n"
      "  - {id: mix, factory: audiomixer}\n  - {id: out, factory: fakesink}\n"
      "links:\n  - {from: a, to: mix.sink_0}\n  - {from: b, to: mix.sink_1}\n"
      "  - {from: mix.src, to: out.sink}\n");
  GstObjectPtr<GstPad> pad(gst_element_get_static_pad(r.element("mix"), "sink_1"));
  EXPECT_TRUE(pad);
  EXPECT_EQ(play_to_eos(GST_ELEMENT(r.pipeline.get())), "");
}

TEST(Links, NodeCapsFilterTheOutput) {
  auto r = load_ok(
      "nodes:\n  - {id: a, factory: audiotestsrc, properties: {num-buffers: 2},"
      " caps: 'audio/x-raw,rate=8000,channels=1'}\n  - {id: b, factory: fakesink}\n");
  EXPECT_EQ(play_to_eos(GST_ELEMENT(r.pipeline.get())), "");
  GstObjectPtr<GstElement> filter(gst_bin_get_by_name(GST_BIN(r.pipeline.get()), "a.caps"));
  EXPECT_TRUE(filter);
}
