// Real FFT throughput: ours (every compiled SIMD path this CPU runs, best first) vs FFTW3
// (FFTW_MEASURE) and GStreamer's GstFFT, same sizes, same run. Prints ns per transform, samples/s
// and the ratios. Usage: bench-fft   (about 5 s)
#include <fftw3.h>
#include <gst/fft/gstfftf32.h>

#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "analysis/dsp/real_fft.h"
#include "analysis/dsp/simd_targets.h"
#include "bench_clock.h"

namespace {

constexpr int kRepeats = 5;

// ns per call of f, calling it enough times for ~30 ms per repeat.
template <typename F>
double ns_per_call(std::size_t n, F&& f) {
  const std::size_t calls = std::max<std::size_t>(1000, (30'000'000 / (n * 5)));
  const double s = lava::bench::best_of(kRepeats, [&] {
    for (std::size_t i = 0; i < calls; ++i) f();
  });
  return s * 1e9 / static_cast<double>(calls);
}

void report(const char* name, std::size_t n, double ns, double ours_ns) {
  std::printf("  %-22s %9.1f ns  %8.1f Msamples/s  ours is %5.2fx faster\n", name, ns,
              static_cast<double>(n) / ns * 1e3, ns / ours_ns);
}

}  // namespace

int main() {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::printf("real forward FFT, float32, one thread; SIMD path: %s\n",
              lava::dsp::simd_target_name(lava::dsp::simd_targets().back()).c_str());
  for (std::size_t n : {1024u, 4096u}) {
    std::vector<float> in(n);
    for (float& v : in) v = dist(rng);
    lava::dsp::RealFft ours(n);
    std::vector<float> re(ours.bins()), im(ours.bins());
    const double ours_ns = ns_per_call(n, [&] { ours.forward(in, {}, re, im); });
    std::vector<std::pair<std::string, double>> paths;
    for (std::int64_t target : lava::dsp::simd_targets()) {
      lava::dsp::ScopedSimdTarget scoped(target);
      paths.emplace_back("ours (" + lava::dsp::simd_target_name(target) + ")",
                         ns_per_call(n, [&] { ours.forward(in, {}, re, im); }));
    }

    float* fin = fftwf_alloc_real(n);
    fftwf_complex* fout = fftwf_alloc_complex(n / 2 + 1);
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(static_cast<int>(n), fin, fout, FFTW_MEASURE);
    std::copy(in.begin(), in.end(), fin);
    const double fftw_ns = ns_per_call(n, [&] { fftwf_execute(plan); });
    fftwf_destroy_plan(plan);
    fftwf_free(fin);
    fftwf_free(fout);

    GstFFTF32* gst = gst_fft_f32_new(static_cast<gint>(n), FALSE);
    std::vector<GstFFTF32Complex> gout(n / 2 + 1);
    const double gst_ns = ns_per_call(n, [&] { gst_fft_f32_fft(gst, in.data(), gout.data()); });
    gst_fft_f32_free(gst);

    std::printf("n = %zu\n", n);
    report("ours (dispatched)", n, ours_ns, ours_ns);
    for (auto it = paths.rbegin(); it != paths.rend(); ++it)
      report(it->first.c_str(), n, it->second, ours_ns);
    report("FFTW3 FFTW_MEASURE", n, fftw_ns, ours_ns);
    report("GstFFT (KissFFT)", n, gst_ns, ours_ns);
    std::printf(
        "  ratios: GstFFT/ours = %.2fx (target >= 5x), ours/FFTW = %.2fx (target <= 1.5x)\n",
        gst_ns / ours_ns, ours_ns / fftw_ns);
  }
  return 0;
}
