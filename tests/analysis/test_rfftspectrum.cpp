#include <gst/audio/audio.h>
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include <gst/base/gstbasetransform.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "buffer_map.h"

namespace {

GstBuffer* sine_f32(std::size_t frames, std::size_t offset, double freq, double rate,
                    double amplitude, int channels = 1) {
  GstBuffer* buf = gst_buffer_new_allocate(nullptr, frames * channels * sizeof(float), nullptr);
  lava::BufferMap map(buf, GST_MAP_WRITE);
  auto out = map.as<float>();
  for (std::size_t f = 0; f < frames; ++f)
    for (int c = 0; c < channels; ++c)
      out[f * channels + c] = static_cast<float>(
          (c + 1) * amplitude / channels * std::sin(2 * M_PI * freq * double(f + offset) / rate));
  GST_BUFFER_PTS(buf) = gst_util_uint64_scale_int(offset, GST_SECOND, int(rate));
  return buf;
}

std::vector<float> floats_of(const GValue* list) {
  std::vector<float> out;
  const bool is_list = GST_VALUE_HOLDS_LIST(list);
  const guint n = is_list ? gst_value_list_get_size(list) : gst_value_array_get_size(list);
  for (guint i = 0; i < n; ++i)
    out.push_back(g_value_get_float(is_list ? gst_value_list_get_value(list, i)
                                            : gst_value_array_get_value(list, i)));
  return out;
}

class RfftSpectrum : public ::testing::Test {
 protected:
  void SetUp() override {
    h = gst_harness_new("rfftspectrum");
    bus = gst_bus_new();
    gst_element_set_bus(h->element, bus);
  }
  void TearDown() override {
    for (GstMessage* m : messages) gst_message_unref(m);
    gst_element_set_bus(h->element, nullptr);
    gst_object_unref(bus);
    gst_harness_teardown(h);
  }
  void caps(int rate, int channels, const char* format = "F32LE") {
    gchar* s = g_strdup_printf("audio/x-raw, format=%s, rate=%d, channels=%d, layout=interleaved",
                               format, rate, channels);
    gst_harness_set_src_caps_str(h, s);
    g_free(s);
  }
  void push(GstBuffer* buf) {
    GstBuffer* out = gst_harness_push_and_pull(h, buf);
    ASSERT_NE(out, nullptr);
    gst_buffer_unref(out);
    while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) messages.push_back(m);
  }
  const GstStructure* structure(std::size_t i) { return gst_message_get_structure(messages.at(i)); }
  guint64 u64(std::size_t i, const char* field) {
    guint64 v = 0;
    EXPECT_TRUE(gst_structure_get_uint64(structure(i), field, &v)) << field;
    return v;
  }
  GstHarness* h = nullptr;
  GstBus* bus = nullptr;
  std::vector<GstMessage*> messages;
};

TEST_F(RfftSpectrum, SineLandsInItsBinWithItsLevel) {
  g_object_set(h->element, "fft-size", 1024u, "interval", GST_SECOND / 10, nullptr);
  caps(48000, 1);
  const double bin_hz = 48000.0 / 1024;
  for (int i = 0; i < 10; ++i) push(sine_f32(4800, i * 4800, 100 * bin_hz, 48000, 0.5));
  ASSERT_EQ(messages.size(), 10u);
  const std::vector<float> db = floats_of(gst_structure_get_value(structure(9), "magnitude"));
  ASSERT_EQ(db.size(), 513u);
  EXPECT_EQ(std::max_element(db.begin(), db.end()) - db.begin(), 100);
  EXPECT_NEAR(db[100], 20 * std::log10(0.5), 0.05);
  EXPECT_NEAR(db[101], 20 * std::log10(0.25), 0.1);  // Hann: neighbours at half amplitude
  EXPECT_LT(db[110], -80.0f);
}

TEST_F(RfftSpectrum, MessagesArriveAtTheInterval) {
  g_object_set(h->element, "interval", guint64(20 * GST_MSECOND), nullptr);
  caps(48000, 2);
  for (int i = 0; i < 10; ++i) push(sine_f32(4801, i * 4801, 1000, 48000, 0.5, 2));
  ASSERT_EQ(messages.size(), 48010u / 960);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_STREQ(gst_structure_get_name(structure(i)), "rfftspectrum");
    EXPECT_EQ(u64(i, "timestamp"), i * 20 * GST_MSECOND);
    EXPECT_EQ(u64(i, "duration"), 20 * GST_MSECOND);
    EXPECT_EQ(u64(i, "endtime"), (i + 1) * 20 * GST_MSECOND);
    EXPECT_EQ(u64(i, "running-time"), i * 20 * GST_MSECOND);
  }
}

TEST_F(RfftSpectrum, RenegotiatesFrom44100To48000) {
  g_object_set(h->element, "fft-size", 4096u, "interval", GST_SECOND / 5, nullptr);
  caps(44100, 1);
  for (int i = 0; i < 5; ++i) push(sine_f32(8820, i * 8820, 3000, 44100, 0.5));
  caps(48000, 1);
  for (int i = 0; i < 5; ++i) push(sine_f32(9600, i * 9600, 3000, 48000, 0.5));
  ASSERT_EQ(messages.size(), 10u);
  auto peak_bin = [&](std::size_t i) {
    const std::vector<float> db = floats_of(gst_structure_get_value(structure(i), "magnitude"));
    return std::max_element(db.begin(), db.end()) - db.begin();
  };
  gint rate = 0;
  EXPECT_TRUE(gst_structure_get_int(structure(4), "rate", &rate));
  EXPECT_EQ(rate, 44100);
  EXPECT_EQ(peak_bin(4), std::lround(3000.0 * 4096 / 44100));
  EXPECT_TRUE(gst_structure_get_int(structure(9), "rate", &rate));
  EXPECT_EQ(rate, 48000);
  EXPECT_EQ(peak_bin(9), std::lround(3000.0 * 4096 / 48000));
  EXPECT_EQ(u64(9, "duration"), GST_SECOND / 5);
}

TEST_F(RfftSpectrum, CompactBytesPayloadAndSpectrumName) {
  gst_util_set_object_arg(G_OBJECT(h->element), "payload", "bytes");
  gst_util_set_object_arg(G_OBJECT(h->element), "band-scale", "log");
  g_object_set(h->element, "message-name", "spectrum", "multi-channel", TRUE, "bands", 24u,
               "interval", GST_SECOND / 10, nullptr);
  caps(48000, 2, "S16LE");
  GstBuffer* buf = gst_buffer_new_allocate(nullptr, 4800 * 4, nullptr);
  gst_buffer_memset(buf, 0, 0, 4800 * 4);
  push(buf);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_STREQ(gst_structure_get_name(structure(0)), "spectrum");
  GBytes* bytes = nullptr;
  ASSERT_TRUE(gst_structure_get(structure(0), "magnitude", G_TYPE_BYTES, &bytes, nullptr));
  EXPECT_EQ(g_bytes_get_size(bytes), 2u * 24u * sizeof(float));
  const float* v = static_cast<const float*>(g_bytes_get_data(bytes, nullptr));
  EXPECT_EQ(v[0], -90.0f);  // silence sits at the threshold
  g_bytes_unref(bytes);
}

TEST_F(RfftSpectrum, MultiChannelListIsArrayOfLists) {
  g_object_set(h->element, "multi-channel", TRUE, "interval", GST_SECOND / 10, nullptr);
  gst_util_set_object_arg(G_OBJECT(h->element), "output", "power");
  caps(48000, 2);
  push(sine_f32(4800, 0, 48000.0 / 1024 * 50, 48000, 1.0, 2));
  ASSERT_EQ(messages.size(), 1u);
  const GValue* power = gst_structure_get_value(structure(0), "power");
  ASSERT_TRUE(GST_VALUE_HOLDS_ARRAY(power));
  ASSERT_EQ(gst_value_array_get_size(power), 2u);
  const std::vector<float> left = floats_of(gst_value_array_get_value(power, 0));
  const std::vector<float> right = floats_of(gst_value_array_get_value(power, 1));
  EXPECT_NEAR(left[50], 0.25, 0.01);  // amplitude 0.5 → power 0.25
  EXPECT_NEAR(right[50], 1.0, 0.02);
}

TEST_F(RfftSpectrum, AudioPassesThroughUnchanged) {
  caps(48000, 1);
  GstBuffer* in = sine_f32(1000, 0, 440, 48000, 0.3);
  GstBuffer* copy = gst_buffer_copy_deep(in);
  GstBuffer* out = gst_harness_push_and_pull(h, in);
  EXPECT_TRUE(gst_base_transform_is_passthrough(GST_BASE_TRANSFORM(h->element)));
  {
    // The maps end before the buffers are released.
    lava::BufferMap a(out, GST_MAP_READ), b(copy, GST_MAP_READ);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size()), 0);
  }
  gst_buffer_unref(out);
  gst_buffer_unref(copy);
}

}  // namespace
