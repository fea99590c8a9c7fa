// Whole-element throughput in one run, each against its stock GStreamer counterpart:
//   rfftspectrum vs spectrum (1024 points, no overlap, 20 ms interval, mono mix);
//   resamplenormmono vs audioconvert ! audioresample ! audioconvert (q4 default) for
//   16k→48k and 48k→16k stereo S16 → F32 mono, with the SNR of both on a 1 kHz sine.
// CPU time of the source alone is subtracted. Usage: bench-analysis-elements  (about 10 s)
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_clock.h"
#include "fusion/dsp/downmix.h"
#include "fusion/dsp/polyphase_resampler.h"
#include "plugin.h"

namespace {

constexpr int kRepeats = 3;

// A sync handler that drops a message owns it and must unref it.
GstBusSyncReply drop_element_messages(GstBus*, GstMessage* message, gpointer) {
  if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT) return GST_BUS_PASS;
  gst_message_unref(message);
  return GST_BUS_DROP;
}

// Runs the pipeline to EOS; element messages are created (their cost counts) and dropped.
void run(const std::string& description) {
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (!pipeline) {
    std::fprintf(stderr, "%s: %s\n", description.c_str(), error->message);
    std::exit(1);
  }
  GstBus* bus = gst_element_get_bus(pipeline);
  gst_bus_set_sync_handler(bus, drop_element_messages, nullptr, nullptr);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstMessage* msg = gst_bus_timed_pop_filtered(
      bus, GST_CLOCK_TIME_NONE, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
    std::fprintf(stderr, "error in %s\n", description.c_str());
    std::exit(1);
  }
  gst_message_unref(msg);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(bus);
  gst_object_unref(pipeline);
}

double cpu(const std::string& description) {
  return lava::bench::best_of(kRepeats, [&] { run(description); });
}

// SNR of a 1 kHz sine after the chain: a least-squares 1 kHz sinusoid is the signal, the rest
// (noise, distortion, imaging) is the noise. Edges are skipped.
double snr_db(const std::string& chain, int in_rate, int out_rate) {
  const std::string desc =
      "audiotestsrc wave=sine freq=1000 volume=0.5 num-buffers=100 samplesperbuffer=" +
      std::to_string(in_rate / 50) +
      " ! audio/x-raw,format=S16LE,channels=2,rate=" + std::to_string(in_rate) + " ! " + chain +
      " ! audio/x-raw,format=F32LE,channels=1,rate=" + std::to_string(out_rate) +
      " ! appsink name=sink sync=false";
  GstElement* pipeline = gst_parse_launch(desc.c_str(), nullptr);
  GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  std::vector<float> y;
  while (GstSample* sample = gst_app_sink_pull_sample(GST_APP_SINK(sink))) {
    GstMapInfo map;
    GstBuffer* buf = gst_sample_get_buffer(sample);
    gst_buffer_map(buf, &map, GST_MAP_READ);
    const float* f = reinterpret_cast<const float*>(map.data);
    y.insert(y.end(), f, f + map.size / sizeof(float));
    gst_buffer_unmap(buf, &map);
    gst_sample_unref(sample);
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(sink);
  gst_object_unref(pipeline);
  const std::size_t skip = static_cast<std::size_t>(out_rate) / 10;
  double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
  for (std::size_t n = skip; n + skip < y.size(); ++n) {
    const double s = std::sin(2 * M_PI * 1000.0 * n / out_rate),
                 c = std::cos(2 * M_PI * 1000.0 * n / out_rate);
    ss += s * s, sc += s * c, cc += c * c, ys += y[n] * s, yc += y[n] * c;
  }
  const double det = ss * cc - sc * sc;
  const double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
  double signal = 0, noise = 0;
  for (std::size_t n = skip; n + skip < y.size(); ++n) {
    const double fit = a * std::sin(2 * M_PI * 1000.0 * n / out_rate) +
                       b * std::cos(2 * M_PI * 1000.0 * n / out_rate);
    signal += fit * fit;
    noise += (y[n] - fit) * (y[n] - fit);
  }
  return 10 * std::log10(signal / noise);
}

void spectrum_bench() {
  const double seconds = 60;
  const std::string src = "audiotestsrc wave=white-noise samplesperbuffer=960 num-buffers=" +
                          std::to_string(int(seconds * 50)) +
                          " ! audio/x-raw,format=F32LE,rate=48000,channels=2 ! ";
  const double base = cpu(src + "fakesink sync=false");
  const double stock =
      cpu(src + "spectrum bands=513 interval=20000000 ! fakesink sync=false") - base;
  const double list =
      cpu(src + "rfftspectrum fft-size=1024 hop=1024 interval=20000000 ! fakesink sync=false") -
      base;
  const double bytes = cpu(src +
                           "rfftspectrum fft-size=1024 hop=1024 interval=20000000 payload=bytes ! "
                           "fakesink sync=false") -
                       base;
  std::printf("spectrum analysis, 48 kHz stereo F32 white noise, 1024 points, 20 ms messages\n");
  std::printf("  %-34s %9.0fx realtime\n", "spectrum bands=513 (stock)", seconds / stock);
  std::printf("  %-34s %9.0fx realtime  %5.1fx stock\n", "rfftspectrum payload=list",
              seconds / list, stock / list);
  std::printf("  %-34s %9.0fx realtime  %5.1fx stock (target >= 10x)\n",
              "rfftspectrum payload=bytes", seconds / bytes, stock / bytes);
}

// The fused kernels alone (downmix + resample, 20 ms chunks), without GStreamer's per-buffer
// costs: CPU seconds for `seconds` of stereo S16 input.
double kernel_seconds(int in_rate, int out_rate, double seconds) {
  const std::size_t chunk = static_cast<std::size_t>(in_rate) / 50;
  std::vector<std::int16_t> in(chunk * 2);
  for (std::size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<std::int16_t>((i * 7919) % 65536 - 32768);
  const std::vector<float> weights = {0.5f / 32768, 0.5f / 32768};
  std::vector<float> out(chunk * 4);
  return lava::bench::best_of(kRepeats, [&] {
    lava::dsp::PolyphaseResampler r;
    r.configure(in_rate, out_rate, 4);
    for (int c = 0; c < int(seconds * 50); ++c) {
      lava::dsp::downmix_to_mono(in.data(), lava::dsp::SampleFormat::kS16, weights,
                                 r.input_space(chunk));
      r.commit(chunk);
      r.process(out);
    }
  });
}

void resample_bench(int in_rate, int out_rate) {
  const double seconds = 120;
  const std::string src =
      "audiotestsrc wave=white-noise samplesperbuffer=" + std::to_string(in_rate / 50) +
      " num-buffers=" + std::to_string(int(seconds * 50)) +
      " ! audio/x-raw,format=S16LE,channels=2,rate=" + std::to_string(in_rate) + " ! ";
  const std::string out =
      " ! audio/x-raw,format=F32LE,channels=1,rate=" + std::to_string(out_rate) +
      " ! fakesink sync=false";
  const std::string stock_chain = "audioconvert ! audioresample ! audioconvert";
  const std::string ours_chain = "resamplenormmono";
  const double base = cpu(src + "fakesink sync=false");
  const double stock = cpu(src + stock_chain + out) - base;
  const double ours = cpu(src + ours_chain + out) - base;
  const double mb = seconds * in_rate * 4 / 1e6;
  std::printf("%d → %d Hz, stereo S16 in, F32 mono out (%.0f s of input)\n", in_rate, out_rate,
              seconds);
  std::printf("  %-44s %7.0f MB/s in %8.0fx realtime  SNR %5.1f dB\n", stock_chain.c_str(),
              mb / stock, seconds / stock, snr_db(stock_chain, in_rate, out_rate));
  std::printf("  %-44s %7.0f MB/s in %8.0fx realtime  SNR %5.1f dB  %5.1fx stock\n",
              (ours_chain + " (q4)").c_str(), mb / ours, seconds / ours,
              snr_db(ours_chain, in_rate, out_rate), stock / ours);
  const double kernel = kernel_seconds(in_rate, out_rate, seconds);
  std::printf("  %-44s %7.0f MB/s in %8.0fx realtime  (no GStreamer per-buffer cost)\n",
              "fused kernels alone (downmix + resample q4)", mb / kernel, seconds / kernel);
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  lava_plugin_register_static();
  spectrum_bench();
  resample_bench(16000, 48000);
  resample_bench(48000, 16000);
  return 0;
}
