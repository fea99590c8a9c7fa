// The gst-launch-1.0 examples of docs/elements.md (this two elements) build, play to EOS,
// and the analyzer's examples post their messages.
#include <gst/gst.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lava_config.h"

namespace {

struct Example {
  std::string section;
  std::string line;  // continuation lines joined, without the program name and its -options
};

// Lines starting with gst-launch-1.0 inside code blocks, with the "## " section they are in.
std::vector<Example> examples() {
  std::ifstream in(std::string(LAVA_SOURCE_ROOT) + "/docs/elements.md");
  std::vector<Example> out;
  std::string section, text, pending;
  bool code = false;
  while (std::getline(in, text)) {
    if (text.rfind("```", 0) == 0) code = !code;
    if (!code && text.rfind("## ", 0) == 0) section = text.substr(3);
    if (!code) continue;
    if (pending.empty() && text.rfind("gst-launch-1.0 ", 0) != 0) continue;
    pending += text;
    if (pending.back() == '\\') {
      pending.back() = ' ';
      continue;
    }
    std::istringstream words(pending);
    std::string word, rest;
    words >> word;  // gst-launch-1.0
    while (words >> word && word[0] == '-') continue;
    std::getline(words, rest);
    out.push_back({section, word + rest});
    pending.clear();
  }
  return out;
}

TEST(ElementsDoc, ExamplesOfBothElementsPlayToEos) {
  int resample = 0, spectrum = 0;
  for (const Example& example : examples()) {
    const bool analyzer = example.section == "rfftspectrum";
    if (!analyzer && example.section != "resamplenormmono") continue;
    (analyzer ? spectrum : resample)++;
    GError* error = nullptr;
    GstElement* pipeline = gst_parse_launch(example.line.c_str(), &error);
    ASSERT_NE(pipeline, nullptr) << example.line;
    ASSERT_EQ(error, nullptr) << example.line << ": " << error->message;
    GstBus* bus = gst_element_get_bus(pipeline);
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    int element_messages = 0;
    GstMessageType last = GST_MESSAGE_UNKNOWN;
    while (GstMessage* msg = gst_bus_timed_pop_filtered(
               bus, 30 * GST_SECOND,
               static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR |
                                           GST_MESSAGE_WARNING | GST_MESSAGE_ELEMENT))) {
      last = GST_MESSAGE_TYPE(msg);
      gst_message_unref(msg);
      if (last != GST_MESSAGE_ELEMENT) break;
      ++element_messages;
    }
    EXPECT_EQ(last, GST_MESSAGE_EOS) << example.line;
    if (analyzer) {
      EXPECT_GT(element_messages, 0) << example.line;
    }
    gst_object_unref(bus);
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
  }
  EXPECT_EQ(resample, 2);
  EXPECT_EQ(spectrum, 2);
}

}  // namespace
