// The stock anchor of benchmarks/scale/run.py (issue #11): N independent stock GStreamer pipelines
// in one process, each paced by its own sink's clock wait, as a node with one pipeline per player
// and no shared sender would run them. Prints one JSON line: CPU share of one core over the
// measured seconds, RSS before and after the pipelines, threads, and how many pipelines fell
// behind the clock by more than a frame (the end of the last buffer their sink got is earlier
// than the clock's running time: the sink would have had nothing to send).
// Usage: bench-scale-anchor passthrough|transcode FILE N SECONDS
#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cpu_time.h"

namespace {

long status_field(const char* name) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t len = std::strlen(name);
  while (std::getline(in, line))
    if (line.compare(0, len, name) == 0) return std::atol(line.c_str() + len);
  return -1;
}

std::string description(const std::string& mode, const std::string& file,
                        const std::string& complexity) {
  const std::string src = "filesrc location=\"" + file + "\" ! oggdemux ! ";
  if (mode == "passthrough") return src + "fakesink sync=true";
  return src +
         "vorbisdec ! audioconvert ! audioresample ! volume volume=0.8 ! opusenc frame-size=20 "
         "complexity=" +
         complexity + " ! fakesink sync=true";
}

// One pipeline and the end time of the last buffer its sink received.
struct Player {
  GstElement* pipeline = nullptr;
  std::atomic<GstClockTime> last_end{0};
};

GstPadProbeReturn on_buffer(GstPad*, GstPadProbeInfo* info, gpointer data) {
  GstBuffer* b = GST_PAD_PROBE_INFO_BUFFER(info);
  if (GST_BUFFER_PTS_IS_VALID(b))
    static_cast<Player*>(data)->last_end =
        GST_BUFFER_PTS(b) + (GST_BUFFER_DURATION_IS_VALID(b) ? GST_BUFFER_DURATION(b) : 0);
  return GST_PAD_PROBE_OK;
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr, "usage: %s passthrough|transcode FILE N SECONDS [OPUS_COMPLEXITY]\n",
                 argv[0]);
    return 2;
  }
  const std::string complexity = argc == 6 ? argv[5] : "10";  // opusenc's default
  const std::string mode = argv[1], file = argv[2];
  const int n = std::atoi(argv[3]);
  const double seconds = std::atof(argv[4]);
  const long rss_before_kb = status_field("VmRSS:");
  std::vector<Player> players(static_cast<std::size_t>(n));
  for (Player& player : players) {
    GError* error = nullptr;
    GstElement* p = gst_parse_launch(description(mode, file, complexity).c_str(), &error);
    if (!p) {
      std::fprintf(stderr, "%s\n", error ? error->message : "parse failed");
      return 1;
    }
    GstIterator* sinks = gst_bin_iterate_sinks(GST_BIN(p));
    GValue item = G_VALUE_INIT;
    if (gst_iterator_next(sinks, &item) == GST_ITERATOR_OK) {
      GstPad* pad = gst_element_get_static_pad(GST_ELEMENT(g_value_get_object(&item)), "sink");
      gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, &player, nullptr);
      gst_object_unref(pad);
      g_value_unset(&item);
    }
    gst_iterator_free(sinks);
    gst_element_set_state(p, GST_STATE_PLAYING);
    player.pipeline = p;
  }
  // Let every pipeline preroll and settle before measuring.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const double cpu0 = lava::bench::process_cpu_seconds();
  const auto wall0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  const double cpu = lava::bench::process_cpu_seconds() - cpu0;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  int errors = 0, behind = 0;
  for (Player& player : players) {
    GstElement* p = player.pipeline;
    GstClock* clock = gst_pipeline_get_clock(GST_PIPELINE(p));
    const GstClockTime running = gst_clock_get_time(clock) - gst_element_get_base_time(p);
    gst_object_unref(clock);
    if (player.last_end + 20 * GST_MSECOND < running) ++behind;
    GstBus* bus = gst_element_get_bus(p);
    if (GstMessage* m =
            gst_bus_pop_filtered(bus, GstMessageType(GST_MESSAGE_ERROR | GST_MESSAGE_EOS))) {
      ++errors;
      gst_message_unref(m);
    }
    gst_object_unref(bus);
  }
  std::printf(
      "{\"mode\":\"%s\",\"n\":%d,\"cpu_percent\":%.1f,\"rss_idle_kb\":%ld,\"rss_kb\":%ld,"
      "\"threads\":%ld,\"behind\":%d,\"ended_or_failed\":%d}\n",
      mode.c_str(), n, 100.0 * cpu / wall, rss_before_kb, status_field("VmRSS:"),
      status_field("Threads:"), behind, errors);
  std::fflush(stdout);
  for (Player& player : players) {
    gst_element_set_state(player.pipeline, GST_STATE_NULL);
    gst_object_unref(player.pipeline);
  }
  return 0;
}
