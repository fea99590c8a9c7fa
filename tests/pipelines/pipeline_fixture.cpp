#include "pipeline_fixture.h"

#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <cstring>

#include "lava_config.h"

namespace lava::test {

TempDir::TempDir() {
  GCharPtr dir(g_dir_make_tmp("lava-pipelines-XXXXXX", nullptr));
  path_ = dir ? dir.get() : "/tmp";
}

TempDir::~TempDir() {
  GDir* dir = g_dir_open(path_.c_str(), 0, nullptr);
  if (!dir) return;
  while (const char* name = g_dir_read_name(dir)) g_remove(file(name).c_str());
  g_dir_close(dir);
  g_rmdir(path_.c_str());
}

void write_test_ogg(const std::string& path, double seconds) {
  std::string launch = "audiotestsrc wave=sine freq=440 samplesperbuffer=441 num-buffers=" +
                       std::to_string(static_cast<int>(seconds * 100)) +
                       " ! audio/x-raw,rate=44100,channels=2 ! audioconvert ! vorbisenc ! oggmux"
                       " ! filesink location=\"" +
                       path + "\"";
  GError* error = nullptr;
  auto pipeline = adopt_gst(gst_parse_launch(launch.c_str(), &error));
  ASSERT_TRUE(pipeline) << (error ? error->message : "");
  ASSERT_EQ(play_to_eos(pipeline.get()), "");
}

std::string play_to_eos(GstElement* pipeline) {
  GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline));
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstMessagePtr message(
      gst_bus_timed_pop_filtered(bus.get(), 20 * GST_SECOND,
                                 static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR)));
  std::string result = "timed out";
  if (message && GST_MESSAGE_TYPE(message.get()) == GST_MESSAGE_EOS) result.clear();
  if (message && GST_MESSAGE_TYPE(message.get()) == GST_MESSAGE_ERROR) {
    GError* error = nullptr;
    gst_message_parse_error(message.get(), &error, nullptr);
    result = error->message;
    g_error_free(error);
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  return result;
}

pipelines::LoadResult load_ok(const std::string& yaml,
                              const std::map<std::string, std::string>& params, bool fusion) {
  pipelines::LoadOptions options;
  options.allow_fusion = fusion;
  auto result = pipelines::load_string(yaml, params, options);
  EXPECT_TRUE(result) << result.error->to_string();
  return result;
}

std::string load_error(const std::string& yaml, const std::map<std::string, std::string>& params) {
  auto result = pipelines::load_string(yaml, params, {});
  EXPECT_FALSE(result);
  if (!result.error) return "(loaded)";
  EXPECT_EQ(result.error->file, "<string>");
  return std::to_string(result.error->mark.line) + ":" + std::to_string(result.error->mark.column) +
         ": " + result.error->message;
}

std::string read_file(const std::string& path) {
  gchar* contents = nullptr;
  gsize length = 0;
  if (!g_file_get_contents(path.c_str(), &contents, &length, nullptr)) return {};
  std::string text(contents, length);
  g_free(contents);
  return text;
}

std::string wav_data(const std::string& path) {
  std::string bytes = read_file(path);
  // The header's length depends on the format (and wavenc may add chunks), so find "data".
  auto data = bytes.find("data");
  if (data == std::string::npos || data + 8 > bytes.size()) return {};
  guint32 declared = 0;
  std::memcpy(&declared, bytes.data() + data + 4, sizeof declared);
  // wavenc may put more chunks (tags) after the data.
  std::string payload = bytes.substr(data + 8, GUINT32_FROM_LE(declared));
  return payload.size() == GUINT32_FROM_LE(declared) ? payload : std::string();
}

std::vector<float> read_wav_f32(const std::string& path) {
  std::string payload = wav_data(path);
  std::vector<float> samples(payload.size() / sizeof(float));
  std::memcpy(samples.data(), payload.data(), samples.size() * sizeof(float));
  return samples;
}

std::string shipped_pipeline(const std::string& name) {
  return std::string(LAVA_SOURCE_ROOT) + "/pipelines/" + name;
}

}  // namespace lava::test
