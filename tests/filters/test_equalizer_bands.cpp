// lavaequalizer's `bands` property: the plain string, GStreamer's array syntax (what gst-launch
// passes for bands="<...>") and a GstValueArray; per-band properties by index; bad input warns and
// keeps the previous gains.
#include <gst/gst.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

class EqualizerBands : public ::testing::Test {
 protected:
  void SetUp() override {
    eq = gst_element_factory_make("lavaequalizer", nullptr);
    ASSERT_NE(eq, nullptr);
    gst_object_ref_sink(eq);
    bus = gst_bus_new();
    gst_element_set_bus(eq, bus);
  }
  void TearDown() override {
    gst_element_set_bus(eq, nullptr);
    gst_object_unref(bus);
    gst_object_unref(eq);
  }
  std::string bands() {
    gchar* text = nullptr;
    g_object_get(eq, "bands", &text, nullptr);
    std::string s = text;
    g_free(text);
    return s;
  }
  double band(int index) {
    double v = 0;
    g_object_get(eq, ("band" + std::to_string(index)).c_str(), &v, nullptr);
    return v;
  }
  // The warning the last rejected value posted, or "" if none.
  std::string warning() {
    GstMessage* msg = gst_bus_pop_filtered(bus, GST_MESSAGE_WARNING);
    if (msg == nullptr) return "";
    GError* error = nullptr;
    gst_message_parse_warning(msg, &error, nullptr);
    std::string text = error->message;
    g_error_free(error);
    gst_message_unref(msg);
    return text;
  }
  GstElement* eq = nullptr;
  GstBus* bus = nullptr;
};

constexpr const char* kFifteen = "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1 -0.1 -0.2 -0.25 0 0.05";

TEST_F(EqualizerBands, StringWithSpacesOrCommas) {
  g_object_set(eq, "bands", kFifteen, nullptr);
  EXPECT_EQ(bands(), kFifteen);
  g_object_set(eq, "bands", "0.3,0.2, 0.1", nullptr);
  EXPECT_EQ(bands(), "0.3 0.2 0.1 0 0 0 0 0 0 0 0 0 0 0 0");
}

TEST_F(EqualizerBands, GstLaunchArraySyntax) {
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(
      "fakesrc ! lavaequalizer name=eq "
      "bands=\"<0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, -0.1, -0.2, -0.25, 0, 0.05>\" "
      "band2=0.35 ! fakesink",
      &error);
  ASSERT_EQ(error, nullptr) << error->message;
  GstElement* parsed = gst_bin_get_by_name(GST_BIN(pipeline), "eq");
  gchar* text = nullptr;
  g_object_get(parsed, "bands", &text, nullptr);
  EXPECT_STREQ(text, "0.1 0.2 0.35 0.4 0.5 0.6 0.7 0.8 0.9 1 -0.1 -0.2 -0.25 0 0.05");
  g_free(text);
  gst_object_unref(parsed);
  gst_object_unref(pipeline);
}

TEST_F(EqualizerBands, TypedArraySyntax) {
  g_object_set(eq, "bands", "<(double)0.25, (float)-0.25, (int)1>", nullptr);
  EXPECT_EQ(bands(), "0.25 -0.25 1 0 0 0 0 0 0 0 0 0 0 0 0");
}

GValue number_array(const std::vector<double>& gains) {
  GValue array = G_VALUE_INIT;
  gst_value_array_init(&array, static_cast<guint>(gains.size()));
  for (double g : gains) {
    GValue v = G_VALUE_INIT;
    g_value_init(&v, G_TYPE_DOUBLE);
    g_value_set_double(&v, g);
    gst_value_array_append_and_take_value(&array, &v);
  }
  return array;
}

TEST_F(EqualizerBands, GstValueArrayOfFifteen) {
  GValue array =
      number_array({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, -0.1, -0.2, -0.25, 0, 0.05});
  g_object_set_property(G_OBJECT(eq), "bands", &array);
  g_value_unset(&array);
  EXPECT_EQ(bands(), kFifteen);
  EXPECT_DOUBLE_EQ(band(12), -0.25);
  EXPECT_NEAR(band(14), 0.05, 1e-7);
  EXPECT_EQ(warning(), "");
}

TEST_F(EqualizerBands, PerBandByIndex) {
  g_object_set(eq, "band0", 0.5, "band14", -0.2, nullptr);
  EXPECT_EQ(bands(), "0.5 0 0 0 0 0 0 0 0 0 0 0 0 0 -0.2");
  EXPECT_DOUBLE_EQ(band(0), 0.5);
}

TEST_F(EqualizerBands, BadValuesWarnAndKeepThePreviousGains) {
  g_object_set(eq, "bands", kFifteen, nullptr);
  const char* bad[] = {"0.1 1.5",
                       "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0.1",
                       "<0.1, 0.2",
                       "0.1 x",
                       "0.1abc",
                       "nan",
                       "<(double)0.1, (double>"};
  for (const char* text : bad) {
    g_object_set(eq, "bands", text, nullptr);
    EXPECT_EQ(warning(), "bands must be up to 15 gains between -0.25 and 1.0") << text;
    EXPECT_EQ(bands(), kFifteen) << text;
  }
  GValue sixteen = number_array(std::vector<double>(16, 0.1));
  g_object_set_property(G_OBJECT(eq), "bands", &sixteen);
  g_value_unset(&sixteen);
  EXPECT_EQ(warning(), "bands must be up to 15 gains between -0.25 and 1.0");
  EXPECT_EQ(bands(), kFifteen);
}

}  // namespace
