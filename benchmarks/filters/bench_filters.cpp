// ns per 48 kHz stereo frame for each Lavalink filter element and for lavafilters with all ten
// filters on, next to a stock GStreamer approximation measured in the same run, both driven the
// same way (GstHarness, 20 ms F32 buffers, a fresh buffer copy per push, like a decoder hands
// out). `identity` is that driving cost alone.
// Usage: bench-filters [seconds per case, default 1] [only the cases whose name contains this]
#include <gst/check/gstharness.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "plugin.h"

namespace {

constexpr int kFrames = 960;
constexpr const char* kCaps =
    "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved, "
    "channel-mask=(bitmask)0x3";
// gst_parse cannot quote JSON, so lavafilters gets its object through g_object_set.
constexpr const char* kAllTen =
    R"({"volume":1.2,"equalizer":[{"band":0,"gain":0.2},{"band":1,"gain":0.2},)"
    R"({"band":2,"gain":0.1},{"band":12,"gain":-0.1}],"karaoke":{},"timescale":{"speed":1.25,)"
    R"("pitch":1.1},"tremolo":{},"vibrato":{},"rotation":{"rotationHz":0.2},)"
    R"("distortion":{"scale":0.9},"channelMix":{"leftToRight":0.2},"lowPass":{"smoothing":4}})";
constexpr const char* kAllNine =
    R"({"volume":1.2,"equalizer":[{"band":0,"gain":0.2},{"band":1,"gain":0.2},)"
    R"({"band":2,"gain":0.1},{"band":12,"gain":-0.1}],"karaoke":{},"tremolo":{},"vibrato":{},)"
    R"("rotation":{"rotationHz":0.2},"distortion":{"scale":0.9},"channelMix":{"leftToRight":0.2},)"
    R"("lowPass":{"smoothing":4}})";
constexpr const char* kEqualizerBands = "0.2 0.2 0.1 0 0 0 0 0 0 0 0 0 -0.1 0 0";
constexpr const char* kStockEqualizer =
    "equalizer-nbands num-bands=15 band0::gain=3 band1::gain=3 band2::gain=2 band12::gain=-2";

struct Case {
  const char* name;
  std::string ours;
  std::string stock;              // empty: no stock equivalent
  const char* filters = nullptr;  // for an element named "lava": its `filters` JSON
};

GstBuffer* input_buffer() {
  GstBuffer* b = gst_buffer_new_allocate(nullptr, kFrames * 2 * sizeof(float), nullptr);
  GstMapInfo map;
  gst_buffer_map(b, &map, GST_MAP_WRITE);
  auto* s = reinterpret_cast<float*>(map.data);
  unsigned seed = 1;
  for (int i = 0; i < kFrames * 2; ++i) {
    seed = seed * 1103515245u + 12345u;
    s[i] = 0.4f * (static_cast<float>(seed >> 8) / 16777216.0f - 0.5f);
  }
  gst_buffer_unmap(b, &map);
  return b;
}

// CPU time, not wall time: on a loaded machine the wall clock also counts other processes.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Nanoseconds of CPU per input frame, measured for `seconds`.
double ns_per_frame(const std::string& launch, double seconds, const char* filters = nullptr) {
  GstHarness* h = gst_harness_new_parse(launch.c_str());
  if (filters != nullptr) {
    GstElement* e = gst_bin_get_by_name(GST_BIN(h->element), "lava");
    g_object_set(e, "filters", filters, nullptr);
    gst_object_unref(e);
  }
  gst_harness_set_src_caps_str(h, kCaps);
  GstBuffer* in = input_buffer();
  auto push = [&] {
    gst_harness_push(h, gst_buffer_copy_deep(in));
    while (GstBuffer* out = gst_harness_try_pull(h)) gst_buffer_unref(out);
  };
  for (int i = 0; i < 50; ++i) push();
  long buffers = 0;
  const double start = cpu_seconds();
  auto elapsed = [&] { return cpu_seconds() - start; };
  while (elapsed() < seconds) {
    for (int i = 0; i < 50; ++i) push();
    buffers += 50;
  }
  const double ns = elapsed() * 1e9 / (static_cast<double>(buffers) * kFrames);
  gst_buffer_unref(in);
  gst_harness_teardown(h);
  return ns;
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  if (!lava_plugin_register_static()) return 1;
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const std::string only = argc > 2 ? argv[2] : "";
  const std::vector<Case> cases = {
      {"identity (driving cost)", "identity", ""},
      {"volume", "lavavolume volume=1.5", "volume volume=2.0"},
      {"equalizer", std::string("lavaequalizer bands=\"") + kEqualizerBands + "\"",
       kStockEqualizer},
      {"karaoke", "lavakaraoke", "audiokaraoke"},
      {"timescale", "lavatimescale speed=1.25 pitch=1.1", "pitch tempo=1.25 pitch=1.1"},
      {"tremolo", "lavatremolo", ""},
      {"vibrato", "lavavibrato", ""},
      {"rotation", "lavarotation rotation-hz=0.2", "audiopanorama panorama=0.3"},
      {"distortion", "lavadistortion scale=0.9", ""},
      {"channelMix", "lavachannelmix left-to-right=0.2", ""},
      {"lowPass", "lavalowpass smoothing=4", "audiocheblimit mode=low-pass cutoff=4000 poles=2"},
      {"all ten (lavafilters)", "lavafilters name=lava",
       std::string("volume volume=2.0 ! ") + kStockEqualizer +
           " ! audiokaraoke ! pitch tempo=1.25 pitch=1.1 ! audiopanorama panorama=0.3 ! "
           "audiocheblimit mode=low-pass cutoff=4000 poles=2",
       kAllTen},
      {"nine, no timescale", "lavafilters name=lava",
       std::string("volume volume=2.0 ! ") + kStockEqualizer +
           " ! audiokaraoke ! audiopanorama panorama=0.3 ! "
           "audiocheblimit mode=low-pass cutoff=4000 poles=2",
       kAllNine},
  };
  std::printf("%-24s %12s %12s %8s %14s\n", "filter", "ours ns/fr", "stock ns/fr", "ratio",
              "ours % core");
  for (const Case& c : cases) {
    if (std::string(c.name).find(only) == std::string::npos) continue;
    const double ours = ns_per_frame(c.ours, seconds, c.filters);
    const double stock = c.stock.empty() ? 0 : ns_per_frame(c.stock, seconds);
    // One 48 kHz stream needs 48000 frames per second.
    const double core = ours * 48000 / 1e9 * 100;
    if (stock > 0)
      std::printf("%-24s %12.2f %12.2f %8.2f %13.3f%%\n", c.name, ours, stock, stock / ours, core);
    else
      std::printf("%-24s %12.2f %12s %8s %13.3f%%\n", c.name, ours, "-", "-", core);
  }
  return 0;
}
