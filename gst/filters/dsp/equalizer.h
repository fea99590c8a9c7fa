// Lavalink's equalizer (lavaplayer filter/equalizer/Equalizer.java): 15 band-pass biquads run in
// parallel on the input, output = clamp(4 * (0.25 * x + sum(gain_i * band_i(x))), -1, 1).
// lavaplayer ships coefficients for 48 kHz only; we design them for any rate from the same
// filter: a constant-peak (0 dB) band-pass biquad per band whose lower -3 dB edge sits 1/3
// octave below the centre (2/3-octave bands). At 48 kHz this reproduces lavaplayer's table to
// within its printed precision.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "ramp.h"

namespace lava::dsp {

inline constexpr int kEqualizerBandCount = 15;
inline constexpr std::array<double, kEqualizerBandCount> kEqualizerCentresHz = {
    25, 40, 63, 100, 160, 250, 400, 630, 1000, 1600, 2500, 4000, 6300, 10000, 16000};

// y[n] = alpha * (x[n] - x[n-2]) + gamma * y[n-1] - beta * y[n-2]  (lavaplayer's naming)
struct BandCoefficients {
  double beta;
  double alpha;
  double gamma;
};

BandCoefficients design_equalizer_band(double centre_hz, double rate);

class Equalizer {
 public:
  void configure(double rate, unsigned channels);
  // Gains (-0.25..1.0) reached by the end of the next block.
  void set_gains(const std::array<float, kEqualizerBandCount>& gains);
  void reset();
  void process(std::span<float> interleaved);

 private:
  // The bands run side by side: 16 lanes (the 16th idles) in eight 2-wide vectors (GCC vector
  // extensions: SSE2 on x86-64, NEON on ARM64, plain code elsewhere). Double: lavaplayer's float
  // recursion is off by up to 6e-5 in the 25 Hz band.
  using V2 = double __attribute__((vector_size(16)));
  static constexpr int kVectors = 8;
  using Lanes = std::array<V2, kVectors>;
  struct ChannelState {
    double x1 = 0, x2 = 0;
    Lanes y1{}, y2{};
  };
  Lanes alpha_{}, gamma_{}, beta_{};
  std::array<Ramp, kEqualizerBandCount> gains_{};
  std::vector<ChannelState> state_;
};

}  // namespace lava::dsp
