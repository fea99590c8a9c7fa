// Property values are set by the property's own type.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline_fixture.h"

using lava::test::load_error;
using lava::test::load_ok;
using testing::HasSubstr;

namespace {

std::string one_node(const std::string& factory, const std::string& properties) {
  return "nodes:\n  - id: x\n    factory: " + factory + "\n    properties:\n" + properties;
}

}  // namespace

TEST(Properties, NumbersBooleansStrings) {
  auto r = load_ok(one_node("audiotestsrc",
                            "      freq: 1000\n      volume: 0.25\n"
                            "      is-live: yes\n      num-buffers: 0x10\n"));
  gdouble freq = 0, volume = 0;
  gboolean live = FALSE;
  gint buffers = 0;
  g_object_get(r.element("x"), "freq", &freq, "volume", &volume, "is-live", &live, "num-buffers",
               &buffers, nullptr);
  EXPECT_EQ(freq, 1000);
  EXPECT_EQ(volume, 0.25);
  EXPECT_TRUE(live);
  EXPECT_EQ(buffers, 16);
  auto s = load_ok(one_node("filesink", "      location: '/tmp/a b: c'\n"));
  gchar* location = nullptr;
  g_object_get(s.element("x"), "location", &location, nullptr);
  EXPECT_STREQ(location, "/tmp/a b: c");
  g_free(location);
}

TEST(Properties, EnumsByNickNameOrValue) {
  for (const char* wave : {"square", "Square", "1"}) {
    auto r = load_ok(one_node("audiotestsrc", std::string("      wave: ") + wave + "\n"));
    gint value = -1;
    g_object_get(r.element("x"), "wave", &value, nullptr);
    EXPECT_EQ(value, 1) << wave;
  }
  EXPECT_THAT(load_error(one_node("audiotestsrc", "      wave: 999\n")), HasSubstr("not one of"));
}

TEST(Properties, FlagsAsTextOrList) {
  for (const char* flags : {"audio+soft-volume", "[audio, soft-volume]", "audio|soft-volume"}) {
    auto r = load_ok(one_node("playbin", std::string("      flags: ") + flags + "\n"));
    guint value = 0;
    g_object_get(r.element("x"), "flags", &value, nullptr);
    EXPECT_EQ(value, 0x2u | 0x10u) << flags;
  }
  EXPECT_THAT(load_error(one_node("playbin", "      flags: audio+loud\n")),
              HasSubstr("'loud' is not one of video, audio"));
}

TEST(Properties, Caps) {
  auto r = load_ok(one_node("capsfilter", "      caps: audio/x-raw,rate=16000,channels=1\n"));
  GstCaps* caps = nullptr;
  g_object_get(r.element("x"), "caps", &caps, nullptr);
  lava::GstCapsPtr owned(caps);
  GstStructure* s = gst_caps_get_structure(caps, 0);
  gint rate = 0;
  EXPECT_TRUE(gst_structure_get_int(s, "rate", &rate));
  EXPECT_EQ(rate, 16000);
  EXPECT_THAT(load_error(one_node("capsfilter", "      caps: 'audio/x-raw,rate=(int)x'\n")),
              HasSubstr("are not valid caps"));
}

TEST(Properties, FractionsAsTextOrPair) {
  for (const char* f : {"1/50", "[1, 50]"}) {
    auto r = load_ok(
        one_node("audiomixer", std::string("      output-buffer-duration-fraction: ") + f + "\n"));
    GValue v = G_VALUE_INIT;
    g_value_init(&v, GST_TYPE_FRACTION);
    g_object_get_property(G_OBJECT(r.element("x")), "output-buffer-duration-fraction", &v);
    EXPECT_EQ(gst_value_get_fraction_numerator(&v), 1) << f;
    EXPECT_EQ(gst_value_get_fraction_denominator(&v), 50) << f;
    g_value_unset(&v);
  }
  EXPECT_THAT(load_error(one_node("audiomixer", "      output-buffer-duration-fraction: 1/0\n")),
              HasSubstr("is not a fraction"));
}

TEST(Properties, NestedArrays) {
  auto r = load_ok(one_node("audioconvert", "      mix-matrix: [[0.5, 0.5]]\n"));
  GValue v = G_VALUE_INIT;
  g_value_init(&v, GST_TYPE_ARRAY);
  g_object_get_property(G_OBJECT(r.element("x")), "mix-matrix", &v);
  ASSERT_EQ(gst_value_array_get_size(&v), 1u);
  const GValue* row = gst_value_array_get_value(&v, 0);
  ASSERT_EQ(gst_value_array_get_size(row), 2u);
  EXPECT_EQ(g_value_get_float(gst_value_array_get_value(row, 1)), 0.5f);
  g_value_unset(&v);
}

TEST(Properties, StringVectors) {
  auto r = load_ok(one_node("souphttpsrc", "      cookies: [a=1, b=2]\n"));
  gchar** cookies = nullptr;
  g_object_get(r.element("x"), "cookies", &cookies, nullptr);
  ASSERT_NE(cookies, nullptr);
  EXPECT_EQ(g_strv_length(cookies), 2u);
  EXPECT_STREQ(cookies[1], "b=2");
  g_strfreev(cookies);
}

TEST(Properties, ElementsByFactoryOrNestedNode) {
  auto r = load_ok(one_node("playbin",
                            "      audio-sink: {factory: fakesink, properties: "
                            "{sync: false}}\n      video-sink: fakesink\n"));
  GstElement* sink = nullptr;
  g_object_get(r.element("x"), "audio-sink", &sink, nullptr);
  ASSERT_NE(sink, nullptr);
  gboolean sync = TRUE;
  g_object_get(sink, "sync", &sync, nullptr);
  EXPECT_FALSE(sync);
  gst_object_unref(sink);
  EXPECT_THAT(load_error(one_node("playbin",
                                  "      audio-sink: {factory: fakesink, properties: "
                                  "{sink: false}}\n")),
              HasSubstr("fakesink has no property 'sink'"));
}

TEST(Properties, ParametersKeepTheirTypes) {
  const std::string yaml =
      "parameters:\n  f: {type: double, default: 300}\n  live: {type: bool, default: false}\n"
      "  file: {type: string, default: ~}\nnodes:\n  - id: x\n    factory: audiotestsrc\n"
      "    properties:\n      freq: ${f}\n      is-live: ${live}\n  - id: y\n"
      "    factory: filesink\n    properties:\n      location: ${file}\n";
  auto r = load_ok(yaml, {{"f", "1234.5"}, {"live", "true"}});
  gdouble freq = 0;
  gboolean live = FALSE;
  g_object_get(r.element("x"), "freq", &freq, "is-live", &live, nullptr);
  EXPECT_EQ(freq, 1234.5);
  EXPECT_TRUE(live);
  gchar* location = nullptr;
  g_object_get(r.element("y"), "location", &location, nullptr);
  EXPECT_EQ(location, nullptr);  // a null parameter leaves the property at its default
  // ... also on an element without that property (the server's urisourcebin for player.yaml).
  load_ok(
      "parameters:\n  file: {type: string, default: ~}\nnodes:\n  - id: x\n"
      "    factory: appsrc\n    properties:\n      location: ${file}\n");
  auto spliced = load_ok(
      "parameters:\n  dir: /tmp\nnodes:\n  - id: y\n    factory: filesink\n"
      "    properties:\n      location: ${dir}/out-$${x}.wav\n");
  g_object_get(spliced.element("y"), "location", &location, nullptr);
  EXPECT_STREQ(location, "/tmp/out-${x}.wav");
  g_free(location);
}
