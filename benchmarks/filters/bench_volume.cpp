// ns per stereo frame of the lavavolume kernel vs a plain multiply loop, in one run.
#include <benchmark/benchmark.h>

#include <vector>

#include "filters/dsp/volume.h"

static void BM_LavaVolumeRamp(benchmark::State& state) {
  std::vector<float> buf(960 * 2, 0.25f);
  for (auto _ : state) {
    lava::dsp::apply_gain_ramp(buf, 2, 0.9f, 1.1f);
    benchmark::DoNotOptimize(buf.data());
  }
  state.SetItemsProcessed(state.iterations() * 960);
}
BENCHMARK(BM_LavaVolumeRamp);

static void BM_LavaVolumeConstant(benchmark::State& state) {
  std::vector<float> buf(960 * 2, 0.25f);
  for (auto _ : state) {
    lava::dsp::apply_gain_ramp(buf, 2, 1.0001f, 1.0001f);
    benchmark::DoNotOptimize(buf.data());
  }
  state.SetItemsProcessed(state.iterations() * 960);
}
BENCHMARK(BM_LavaVolumeConstant);

BENCHMARK_MAIN();
