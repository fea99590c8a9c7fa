// GStreamer-free core of rfftspectrum: per-channel (or downmixed) history, windowed real FFT every
// `hop` frames, power averaged over an interval, grouping into bands and the output scaling.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "analysis/dsp/real_fft.h"
#include "fusion/dsp/downmix.h"

namespace lava::dsp {

enum class WindowType { kHann, kHamming, kBlackmanHarris, kRectangular };
enum class BandScale { kLinear, kLog };
enum class SpectrumOutput { kMagnitudeDb, kPower, kComplex };

struct SpectrumSettings {
  std::size_t fft_size = 1024;
  std::size_t hop = 0;  // 0: half the FFT size
  WindowType window = WindowType::kHann;
  std::size_t bands = 0;  // 0: one value per FFT bin
  BandScale band_scale = BandScale::kLinear;
  SpectrumOutput output = SpectrumOutput::kMagnitudeDb;
  bool multi_channel = false;
  float threshold_db = -90.0f;

  bool operator==(const SpectrumSettings&) const = default;
};

std::vector<float> make_window(WindowType type, std::size_t n);
// Band b covers bins [edges[b], edges[b+1]); every band has at least one bin.
std::vector<std::size_t> band_edges(std::size_t bins, std::size_t bands, BandScale scale);

class SpectrumCore {
 public:
  // fft_size must satisfy RealFft::valid_size; hop is clamped to 1…fft_size.
  void configure(const SpectrumSettings& settings, unsigned channels, SampleFormat format);
  void reset();

  // Interleaved frames of the configured format; runs every FFT that becomes due.
  void push(const void* frames, std::size_t count);

  unsigned out_channels() const { return static_cast<unsigned>(history_.size()); }
  // Values per channel in an interval result: bands, bins, or 2·bins (re, im) for complex.
  std::size_t width() const;
  // The interval's result, channel-major (out_channels() × width()), then starts a new interval.
  // Magnitude in dB and power are scaled so a full-scale sine on a bin reads 0 dB / 1.0;
  // complex is the last FFT of the interval with the same amplitude scaling.
  void finish_interval(std::span<float> out);

 private:
  void run_fft();

  SpectrumSettings settings_{};
  SampleFormat format_ = SampleFormat::kF32;
  std::size_t hop_ = 512;
  std::unique_ptr<RealFft> fft_;
  std::vector<float> window_;
  float amplitude_scale_ = 1.0f;             // 2 / Σ window
  std::vector<std::vector<float>> weights_;  // per output channel: downmix weights
  std::vector<std::vector<float>> history_;  // per output channel: fft_size samples
  std::size_t fill_ = 0;
  std::size_t bytes_per_frame_ = 0;
  std::vector<std::vector<float>> power_;  // per output channel: Σ |X|² over the interval
  std::vector<std::vector<float>> last_re_, last_im_;
  std::size_t ffts_ = 0;
  std::vector<std::size_t> edges_;
  std::vector<float> band_power_;
};

}  // namespace lava::dsp
