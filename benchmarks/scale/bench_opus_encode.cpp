// What libopus alone costs a transcoding player: one 20 ms stereo 48 kHz frame encoded as the
// player's opusenc does (128 kbit/s, generic audio), per complexity. `streams_per_core` is how
// many real-time streams one core could encode and do nothing else (50 frames a second each),
// the ceiling any transcoding node built on libopus has on this machine (docs/performance.md).
#include <benchmark/benchmark.h>
#include <opus.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace {

constexpr int kRate = 48000, kChannels = 2, kFrame = 960;

// Ten seconds of a chord whose loudness and partials move, with a little noise: music-like enough
// that the encoder's analysis does its usual work (a pure tone would be cheap to code).
std::vector<std::int16_t> music() {
  std::vector<std::int16_t> pcm(std::size_t{kRate} * 10 * kChannels);
  std::uint32_t noise = 1;
  for (std::size_t i = 0; i < pcm.size() / kChannels; ++i) {
    const double t = double(i) / kRate;
    double v = 0;
    for (double f : {110.0, 220.0, 277.2, 329.6, 440.0, 1318.5, 3520.0})
      v += std::sin(2 * std::numbers::pi * f * t * (1 + 0.01 * std::sin(t))) / f * 110;
    v *= 0.5 + 0.4 * std::sin(2 * std::numbers::pi * 0.5 * t);
    for (int c = 0; c < kChannels; ++c) {
      noise = noise * 1664525u + 1013904223u;
      const double n = (double(noise >> 8) / double(1u << 24) - 0.5) * 0.02;
      pcm[i * kChannels + c] = static_cast<std::int16_t>(std::lround((v * 0.25 + n) * 32767));
    }
  }
  return pcm;
}

void BM_OpusEncode(benchmark::State& state) {
  int error = 0;
  OpusEncoder* enc = opus_encoder_create(kRate, kChannels, OPUS_APPLICATION_AUDIO, &error);
  if (error != OPUS_OK) return state.SkipWithError("opus_encoder_create failed");
  opus_encoder_ctl(enc, OPUS_SET_BITRATE(128000));
  opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(static_cast<int>(state.range(0))));
  const std::vector<std::int16_t> pcm = music();
  const std::size_t frames = pcm.size() / (kFrame * kChannels);
  std::vector<unsigned char> out(1500);
  std::size_t at = 0;
  for (auto _ : state) {
    const int n = opus_encode(enc, pcm.data() + at * kFrame * kChannels, kFrame, out.data(),
                              static_cast<opus_int32>(out.size()));
    benchmark::DoNotOptimize(n);
    at = (at + 1) % frames;
  }
  opus_encoder_destroy(enc);
  state.counters["streams_per_core"] =
      benchmark::Counter(double(state.iterations()) / 50, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OpusEncode)->Arg(0)->Arg(5)->Arg(10)->ArgName("complexity");

}  // namespace

BENCHMARK_MAIN();
