// The YAML loader against gst_parse_launch on the issue #5 benchmark graph
//   appsrc → resamplenormmono (48 kHz stereo → 16 kHz mono) → lavafilters → rfftspectrum → appsink
// measured in one run:
//   build: µs of CPU to build the pipeline from its description and free it again;
//   stream: 20 ms chunks (960 stereo F32 frames) pushed one at a time, each pulled from the
//     appsink before the next goes in: chunks/s of wall time and p50/p99 latency per chunk
//     (push → pull, across the streaming thread);
//   burst: every chunk pushed at once and pulled as it comes: chunks/s of wall time and per
//     CPU-second of the whole process (the latter barely moves with the shared machine's load).
// The gst_parse_launch graph is the YAML file's own to_launch() dump, so both are the same graph.
// Usage: bench-pipelines [chunks]   (default 5000; about 10 s)
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "../analysis/bench_clock.h"
#include "loader.h"
#include "plugin.h"

namespace {

constexpr int kRate = 48000;
constexpr int kFrames = kRate / 50;  // 20 ms
constexpr int kChannels = 2;

const char* kYaml = R"(name: bench
nodes:
  - {id: src, factory: appsrc, properties: {format: time, is-live: false, block: false,
     caps: "audio/x-raw,format=F32LE,rate=48000,channels=2,layout=interleaved"}}
  - {id: resample, factory: resamplenormmono, caps: "audio/x-raw,rate=16000"}
  - id: filters
    factory: lavafilters
    properties:
      filters: '{"equalizer":[{"band":0,"gain":0.2},{"band":3,"gain":-0.1}],"tremolo":{"frequency":4,"depth":0.3},"volume":0.8}'
  - {id: spectrum, factory: rfftspectrum, properties: {fft-size: 256, interval: 20000000}}
  - {id: sink, factory: appsink, properties: {sync: false, max-buffers: 0}}
)";

using Clock = std::chrono::steady_clock;

GstBusSyncReply drop_element_messages(GstBus*, GstMessage* message, gpointer) {
  return GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT ? GST_BUS_DROP : GST_BUS_PASS;
}

lava::GstObjectPtr<GstElement> from_yaml() {
  auto result = lava::pipelines::load_string(kYaml, {}, {});
  if (!result) {
    std::fprintf(stderr, "%s\n", result.error->to_string().c_str());
    std::exit(1);
  }
  return lava::GstObjectPtr<GstElement>(GST_ELEMENT(result.pipeline.release()));
}

std::string launch_line() {
  auto result = lava::pipelines::load_string(kYaml, {}, {});
  std::string why;
  auto line = result ? lava::pipelines::to_launch(result.spec, &why) : std::nullopt;
  if (!line) {
    std::fprintf(stderr, "no gst-launch form: %s\n", why.c_str());
    std::exit(1);
  }
  return *line;
}

lava::GstObjectPtr<GstElement> from_launch(const std::string& line) {
  GError* error = nullptr;
  GstElement* pipeline =
      gst_parse_launch_full(line.c_str(), nullptr, GST_PARSE_FLAG_FATAL_ERRORS, &error);
  if (!pipeline) {
    std::fprintf(stderr, "%s: %s\n", line.c_str(), error ? error->message : "?");
    std::exit(1);
  }
  return lava::adopt_gst(pipeline);
}

// CPU µs per build + free, best of 3 batches.
double build_us(const std::function<lava::GstObjectPtr<GstElement>()>& make, int n) {
  return lava::bench::best_of(3,
                              [&] {
                                for (int i = 0; i < n; ++i) make();
                              }) /
         n * 1e6;
}

GstBuffer* chunk(int index, const std::vector<float>& samples) {
  GstBuffer* buffer = gst_buffer_new_memdup(samples.data(), samples.size() * sizeof(float));
  GST_BUFFER_PTS(buffer) = gst_util_uint64_scale(index, GST_SECOND, 50);
  GST_BUFFER_DURATION(buffer) = GST_SECOND / 50;
  return buffer;
}

struct StreamResult {
  double chunks_per_s = 0, p50_us = 0, p99_us = 0, burst_chunks_per_s = 0,
         burst_chunks_per_cpu_s = 0;
};

GstElement* child(GstElement* pipeline, const char* name) {
  GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline), name);
  gst_object_unref(e);  // the pipeline keeps its own reference
  return e;
}

void start(GstElement* pipeline) {
  lava::GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline));
  gst_bus_set_sync_handler(bus.get(), drop_element_messages, nullptr, nullptr);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
}

// One chunk in flight at a time.
void lockstep(GstElement* pipeline, int chunks, const std::vector<float>& samples,
              StreamResult& out) {
  GstAppSrc* src = GST_APP_SRC(child(pipeline, "src"));
  GstAppSink* sink = GST_APP_SINK(child(pipeline, "sink"));
  start(pipeline);
  std::vector<double> latencies;
  latencies.reserve(static_cast<std::size_t>(chunks));
  const auto begin = Clock::now();
  for (int i = 0; i < chunks; ++i) {
    const auto t0 = Clock::now();
    gst_app_src_push_buffer(src, chunk(i, samples));
    GstSample* sample = gst_app_sink_try_pull_sample(sink, GST_SECOND);
    if (!sample) {
      std::fprintf(stderr, "chunk %d produced no output\n", i);
      std::exit(1);
    }
    latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    gst_sample_unref(sample);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  gst_element_set_state(pipeline, GST_STATE_NULL);
  std::sort(latencies.begin(), latencies.end());
  out.chunks_per_s = chunks / seconds;
  out.p50_us = latencies[latencies.size() / 2];
  out.p99_us = latencies[latencies.size() * 99 / 100];
}

// Every chunk queued at once; the clock stops at EOS on the sink.
void burst(GstElement* pipeline, int chunks, const std::vector<float>& samples, StreamResult& out) {
  GstAppSrc* src = GST_APP_SRC(child(pipeline, "src"));
  GstAppSink* sink = GST_APP_SINK(child(pipeline, "sink"));
  start(pipeline);
  const auto begin = Clock::now();
  const double cpu_begin = lava::bench::cpu_seconds();
  for (int i = 0; i < chunks; ++i) gst_app_src_push_buffer(src, chunk(i, samples));
  gst_app_src_end_of_stream(src);
  while (GstSample* sample = gst_app_sink_pull_sample(sink)) gst_sample_unref(sample);
  out.burst_chunks_per_s = chunks / std::chrono::duration<double>(Clock::now() - begin).count();
  out.burst_chunks_per_cpu_s = chunks / (lava::bench::cpu_seconds() - cpu_begin);
  gst_element_set_state(pipeline, GST_STATE_NULL);
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  lava_plugin_register_static();
  const int chunks = argc > 1 ? std::max(100, std::atoi(argv[1])) : 5000;
  const std::string line = launch_line();
  std::printf("gst-launch form: %s\n\n", line.c_str());

  const int builds = 300;
  const double yaml_build = build_us(from_yaml, builds);
  const double launch_build = build_us([&] { return from_launch(line); }, builds);
  std::printf("build + free, µs of CPU:  yaml %.1f   gst_parse_launch %.1f   yaml/launch %.2f\n\n",
              yaml_build, launch_build, yaml_build / launch_build);

  std::vector<float> samples(kFrames * kChannels);
  for (std::size_t i = 0; i < samples.size(); ++i)
    samples[i] = 0.3f * static_cast<float>((i * 7919 % 2000) / 1000.0 - 1.0);
  StreamResult yaml, launch;
  // Alternate so drift in the machine's load hits both alike; keep the best of each.
  for (int round = 0; round < 2; ++round) {
    StreamResult y, l;
    lockstep(from_yaml().get(), chunks, samples, y);
    lockstep(from_launch(line).get(), chunks, samples, l);
    burst(from_yaml().get(), chunks, samples, y);
    burst(from_launch(line).get(), chunks, samples, l);
    if (y.chunks_per_s > yaml.chunks_per_s) yaml = y;
    if (l.chunks_per_s > launch.chunks_per_s) launch = l;
    yaml.burst_chunks_per_s = std::max(yaml.burst_chunks_per_s, y.burst_chunks_per_s);
    launch.burst_chunks_per_s = std::max(launch.burst_chunks_per_s, l.burst_chunks_per_s);
    yaml.burst_chunks_per_cpu_s = std::max(yaml.burst_chunks_per_cpu_s, y.burst_chunks_per_cpu_s);
    launch.burst_chunks_per_cpu_s =
        std::max(launch.burst_chunks_per_cpu_s, l.burst_chunks_per_cpu_s);
  }
  std::printf(
      "%d chunks of 20 ms      lockstep chunks/s   p50 µs   p99 µs   burst chunks/s   burst "
      "chunks/CPU-s\n",
      chunks);
  for (const auto& [name, r] : {std::pair{"yaml", yaml}, std::pair{"gst_parse_launch", launch}})
    std::printf("%-22s %18.0f %8.1f %8.1f %16.0f %20.0f\n", name, r.chunks_per_s, r.p50_us,
                r.p99_us, r.burst_chunks_per_s, r.burst_chunks_per_cpu_s);
  std::printf("yaml / launch          %18.2f %8.2f %8.2f %16.2f %20.2f\n",
              yaml.chunks_per_s / launch.chunks_per_s, yaml.p50_us / launch.p50_us,
              yaml.p99_us / launch.p99_us, yaml.burst_chunks_per_s / launch.burst_chunks_per_s,
              yaml.burst_chunks_per_cpu_s / launch.burst_chunks_per_cpu_s);
  return 0;
}
