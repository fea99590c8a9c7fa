// Every gst-launch-1.0 line in docs/filters.md runs to EOS (audio sinks swapped for fakesink).
#include <gst/gst.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gobject_ptr.h"
#include "lava_config.h"

namespace {

std::vector<std::string> doc_launch_lines() {
  std::ifstream in(std::string(LAVA_SOURCE_ROOT) + "/docs/filters.md");
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = std::regex_replace(text.str(), std::regex("\\\\\n"), " ");
  std::vector<std::string> lines;
  const std::regex block("```\n(gst-launch-1\\.0 [^\n]*)\n```");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), block); it != std::sregex_iterator();
       ++it)
    lines.push_back(std::regex_replace((*it)[1].str(), std::regex("autoaudiosink"), "fakesink"));
  return lines;
}

TEST(DocsLaunchLines, EveryLineRunsToEos) {
  const auto lines = doc_launch_lines();
  ASSERT_GE(lines.size(), 12u);
  for (const std::string& line : lines) {
    gchar** argv = nullptr;
    ASSERT_TRUE(g_shell_parse_argv(line.c_str(), nullptr, &argv, nullptr)) << line;
    GError* error = nullptr;
    GstElement* pipeline = gst_parse_launchv(const_cast<const gchar**>(argv + 1), &error);
    g_strfreev(argv);
    ASSERT_NE(pipeline, nullptr) << line;
    EXPECT_EQ(error, nullptr) << line << ": " << error->message;
    if (error) g_error_free(error);
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    GstBus* bus = gst_element_get_bus(pipeline);
    GstMessage* msg = gst_bus_timed_pop_filtered(
        bus, 30 * GST_SECOND,
        static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING));
    ASSERT_NE(msg, nullptr) << line;
    EXPECT_EQ(GST_MESSAGE_TYPE(msg), GST_MESSAGE_EOS) << line;
    gst_message_unref(msg);
    gst_object_unref(bus);
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
  }
}

}  // namespace
