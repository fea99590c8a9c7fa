// Whole-element throughput in one run, each against its stock GStreamer counterpart:
//   rfftspectrum vs spectrum (1024 points, no overlap, 20 ms interval, mono mix);
//   resamplenormmono vs audioconvert ! audioresample ! audioconvert (q4 default) for
//   16k→48k and 48k→16k stereo S16 → F32 mono, with the SNR of both on a 1 kHz sine.
// The elements are driven straight from this thread (no source element, no streaming thread), so
// the CPU time is theirs alone; repeats of every row are interleaved so load spikes hit all rows
// alike. Usage: bench-analysis-elements [spectrum|16k-48k|48k-16k]  (all three: about 15 s; one
// section alone is handy under callgrind)
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bench_clock.h"
#include "fusion/dsp/downmix.h"
#include "fusion/dsp/polyphase_resampler.h"
#include "plugin.h"

namespace {

constexpr int kRepeats = 5;
constexpr int kChunksPerSecond = 50;  // 20 ms buffers

// A sync handler that drops a message owns it and must unref it.
GstBusSyncReply drop_element_messages(GstBus*, GstMessage* message, gpointer) {
  if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT) return GST_BUS_PASS;
  gst_message_unref(message);
  return GST_BUS_DROP;
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::exit(1);
}

// One second of white noise in the given interleaved format, cut into 20 ms buffers.
struct Input {
  std::string caps;
  int rate;
  std::size_t chunk_bytes;
  std::vector<std::byte> data;
};

Input white_noise(const char* format, int rate, int channels) {
  const bool s16 = std::strcmp(format, "S16LE") == 0;
  const std::size_t frames = static_cast<std::size_t>(rate);
  Input in{"audio/x-raw,format=" + std::string(format) + ",layout=interleaved,rate=" +
               std::to_string(rate) + ",channels=" + std::to_string(channels),
           rate,
           frames / kChunksPerSecond * channels * (s16 ? 2 : 4),
           {}};
  in.data.resize(frames * channels * (s16 ? 2 : 4));
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> d(-0.5f, 0.5f);
  for (std::size_t i = 0; i < frames * channels; ++i) {
    if (s16) {
      const auto v = static_cast<std::int16_t>(d(rng) * 32767);
      std::memcpy(in.data.data() + 2 * i, &v, 2);
    } else {
      const float v = d(rng);
      std::memcpy(in.data.data() + 4 * i, &v, 4);
    }
  }
  return in;
}

gboolean drop_event(GstPad*, GstObject*, GstEvent* event) {
  gst_event_unref(event);
  return TRUE;
}

GstFlowReturn drop_buffer(GstPad*, GstObject*, GstBuffer* buffer) {
  gst_buffer_unref(buffer);
  return GST_FLOW_OK;
}

// The output pad accepts exactly the caps stored on it.
gboolean answer_caps(GstPad* pad, GstObject* parent, GstQuery* query) {
  auto* caps = static_cast<GstCaps*>(pad->element_private);
  if (GST_QUERY_TYPE(query) == GST_QUERY_CAPS) {
    GstCaps* filter = nullptr;
    gst_query_parse_caps(query, &filter);
    GstCaps* result = filter ? gst_caps_intersect(filter, caps) : gst_caps_ref(caps);
    gst_query_set_caps_result(query, result);
    gst_caps_unref(result);
    return TRUE;
  }
  if (GST_QUERY_TYPE(query) == GST_QUERY_ACCEPT_CAPS) {
    GstCaps* offered = nullptr;
    gst_query_parse_accept_caps(query, &offered);
    gst_query_set_accept_caps_result(query, gst_caps_can_intersect(offered, caps));
    return TRUE;
  }
  return gst_pad_query_default(pad, parent, query);
}

// A bin built from `description` inside a pipeline (whose bus drops element messages after they
// were built), fed by a pad of ours and drained into a pad of ours that drops every buffer.
class Driver {
 public:
  Driver(const std::string& description, const Input& input, const std::string& out_caps)
      : input_(input) {
    GError* error = nullptr;
    // No ghost pads: our pads (which have no parent) link straight to the elements' pads, as a
    // GstHarness does, so no proxy-pad hop is timed.
    GstElement* bin = gst_parse_bin_from_description(description.c_str(), FALSE, &error);
    if (!bin) fail(description + ": " + error->message);
    pipeline_ = gst_pipeline_new(nullptr);
    gst_bin_add(GST_BIN(pipeline_), bin);
    GstBus* bus = gst_element_get_bus(pipeline_);
    gst_bus_set_sync_handler(bus, drop_element_messages, nullptr, nullptr);
    gst_object_unref(bus);
    src_ = gst_pad_new("src", GST_PAD_SRC);
    sink_ = gst_pad_new("sink", GST_PAD_SINK);
    sink_->element_private = gst_caps_from_string(out_caps.c_str());
    gst_pad_set_chain_function(sink_, drop_buffer);
    gst_pad_set_event_function(sink_, drop_event);
    gst_pad_set_query_function(sink_, answer_caps);
    GstPad* bin_sink = gst_bin_find_unlinked_pad(GST_BIN(bin), GST_PAD_SINK);
    GstPad* bin_src = gst_bin_find_unlinked_pad(GST_BIN(bin), GST_PAD_SRC);
    if (!bin_sink || !bin_src || gst_pad_link(src_, bin_sink) != GST_PAD_LINK_OK ||
        gst_pad_link(bin_src, sink_) != GST_PAD_LINK_OK)
      fail(description + ": cannot link");
    gst_object_unref(bin_sink);
    gst_object_unref(bin_src);
    gst_pad_set_active(sink_, TRUE);
    gst_pad_set_active(src_, TRUE);
    gst_element_set_state(pipeline_, GST_STATE_PLAYING);
    gst_pad_push_event(src_, gst_event_new_stream_start("bench"));
    GstCaps* caps = gst_caps_from_string(input.caps.c_str());
    gst_pad_push_event(src_, gst_event_new_caps(caps));
    gst_caps_unref(caps);
    GstSegment segment;
    gst_segment_init(&segment, GST_FORMAT_TIME);
    gst_pad_push_event(src_, gst_event_new_segment(&segment));
  }
  ~Driver() {
    gst_pad_push_event(src_, gst_event_new_eos());
    gst_element_set_state(pipeline_, GST_STATE_NULL);
    gst_caps_unref(static_cast<GstCaps*>(sink_->element_private));
    gst_object_unref(src_);
    gst_object_unref(sink_);
    gst_object_unref(pipeline_);
  }
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Pushes `seconds` of input in 20 ms buffers that wrap the prepared noise (no copy).
  void push(double seconds) {
    const std::size_t frames = static_cast<std::size_t>(input_.rate) / kChunksPerSecond;
    for (int i = 0; i < int(seconds * kChunksPerSecond); ++i, ++chunks_) {
      std::byte* data = input_.data.data() + (chunks_ % kChunksPerSecond) * input_.chunk_bytes;
      GstBuffer* buf = gst_buffer_new_wrapped_full(GstMemoryFlags(0), data, input_.chunk_bytes, 0,
                                                   input_.chunk_bytes, nullptr, nullptr);
      GST_BUFFER_PTS(buf) = gst_util_uint64_scale_int(chunks_ * frames, GST_SECOND, input_.rate);
      GST_BUFFER_DURATION(buf) = gst_util_uint64_scale_int(frames, GST_SECOND, input_.rate);
      if (gst_pad_push(src_, buf) != GST_FLOW_OK) fail("push failed");
    }
  }

 private:
  Input input_;
  GstElement* pipeline_ = nullptr;
  GstPad* src_ = nullptr;
  GstPad* sink_ = nullptr;
  std::uint64_t chunks_ = 0;
};

// Best CPU time of each job over kRepeats rounds; every round runs every job once.
std::vector<double> interleaved_best(const std::vector<std::function<void()>>& jobs) {
  std::vector<double> best(jobs.size(), 1e30);
  for (int r = 0; r < kRepeats; ++r)
    for (std::size_t j = 0; j < jobs.size(); ++j)
      best[j] = std::min(best[j], lava::bench::best_of(1, jobs[j]));
  return best;
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
  const Input in = white_noise("F32LE", 48000, 2);
  const std::string out = in.caps;
  Driver stock("spectrum bands=513 interval=20000000", in, out);
  Driver list("rfftspectrum fft-size=1024 hop=1024 interval=20000000", in, out);
  Driver bytes("rfftspectrum fft-size=1024 hop=1024 interval=20000000 payload=bytes", in, out);
  const std::vector<double> t = interleaved_best(
      {[&] { stock.push(seconds); }, [&] { list.push(seconds); }, [&] { bytes.push(seconds); }});
  std::printf("spectrum analysis, 48 kHz stereo F32 white noise, 1024 points, 20 ms messages\n");
  std::printf("  %-34s %9.0fx realtime\n", "spectrum bands=513 (stock)", seconds / t[0]);
  std::printf("  %-34s %9.0fx realtime  %5.1fx stock\n", "rfftspectrum payload=list",
              seconds / t[1], t[0] / t[1]);
  std::printf("  %-34s %9.0fx realtime  %5.1fx stock (target >= 10x)\n",
              "rfftspectrum payload=bytes", seconds / t[2], t[0] / t[2]);
}

// The fused kernels alone (downmix + resample, 20 ms chunks of the same noise), without
// GStreamer's per-buffer costs.
class Kernels {
 public:
  Kernels(const Input& input, int out_rate) : input_(input) {
    resampler_.configure(input.rate, out_rate, 4);
    out_.resize(input.chunk_bytes);  // ≥ the outputs of one chunk for the ratios benchmarked
  }
  void push(double seconds) {
    const std::size_t frames = input_.chunk_bytes / 4;
    for (int c = 0; c < int(seconds * kChunksPerSecond); ++c) {
      const std::byte* data = input_.data.data() + (c % kChunksPerSecond) * input_.chunk_bytes;
      lava::dsp::downmix_to_mono(data, lava::dsp::SampleFormat::kS16, weights_,
                                 resampler_.input_space(frames));
      resampler_.commit(frames);
      resampler_.process(out_);
    }
  }

 private:
  const Input& input_;
  const std::vector<float> weights_ = {0.5f / 32768, 0.5f / 32768};
  lava::dsp::PolyphaseResampler resampler_;
  std::vector<float> out_;
};

// Stock chain at its default (q4, 85 dB Kaiser) against our q4 (86 dB design) and q3 (the 80 dB
// design; measured stop-band in Resampler.StopbandRejectionMeetsDesign).
void resample_bench(int in_rate, int out_rate) {
  const double seconds = 120;
  const Input in = white_noise("S16LE", in_rate, 2);
  const std::string out =
      "audio/x-raw,format=F32LE,layout=interleaved,channels=1,rate=" + std::to_string(out_rate);
  const std::string stock_chain = "audioconvert ! audioresample ! audioconvert";
  const std::string q4 = "resamplenormmono", q3 = "resamplenormmono quality=3";
  Driver stock(stock_chain, in, out);
  Driver ours4(q4, in, out);
  Driver ours3(q3, in, out);
  Kernels kernels(in, out_rate);
  // What any element costs per buffer here: a pass-through GstBaseTransform.
  Driver floor("identity", in, in.caps);
  const std::vector<double> t = interleaved_best(
      {[&] { stock.push(seconds); }, [&] { ours4.push(seconds); }, [&] { ours3.push(seconds); },
       [&] { kernels.push(seconds); }, [&] { floor.push(seconds); }});
  const double mb = seconds * in_rate * 4 / 1e6;
  std::printf("%d → %d Hz, stereo S16 in, F32 mono out (%.0f s of input, 20 ms buffers)\n", in_rate,
              out_rate, seconds);
  std::printf("  %-44s %7.0f MB/s in %8.0fx realtime  SNR %5.1f dB\n", stock_chain.c_str(),
              mb / t[0], seconds / t[0], snr_db(stock_chain, in_rate, out_rate));
  std::printf("  %-44s %7.0f MB/s in %8.0fx realtime  SNR %5.1f dB  %5.1fx stock\n",
              (q4 + " (q4)").c_str(), mb / t[1], seconds / t[1], snr_db(q4, in_rate, out_rate),
              t[0] / t[1]);
  std::printf("  %-44s %7.0f MB/s in %8.0fx realtime  SNR %5.1f dB  %5.1fx stock\n", q3.c_str(),
              mb / t[2], seconds / t[2], snr_db(q3, in_rate, out_rate), t[0] / t[2]);
  std::printf("  %-44s %7.0f MB/s in %8.0fx realtime  (no GStreamer per-buffer cost)\n",
              "fused kernels alone (downmix + resample q4)", mb / t[3], seconds / t[3]);
  std::printf("  %-44s %7.2f µs per 20 ms buffer\n", "identity (per-buffer floor of an element)",
              t[4] / (seconds * kChunksPerSecond) * 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  lava_plugin_register_static();
  const std::string only = argc > 1 ? argv[1] : "";
  if (only.empty() || only == "spectrum") spectrum_bench();
  if (only.empty() || only == "16k-48k") resample_bench(16000, 48000);
  if (only.empty() || only == "48k-16k") resample_bench(48000, 16000);
  return 0;
}
