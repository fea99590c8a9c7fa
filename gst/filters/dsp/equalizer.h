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
  struct ChannelState {
    double x1 = 0, x2 = 0;
    std::array<double, kEqualizerBandCount> y1{}, y2{};
  };
  std::array<BandCoefficients, kEqualizerBandCount> coefficients_{};
  std::array<Ramp, kEqualizerBandCount> gains_{};
  std::vector<ChannelState> state_;
};

}  // namespace lava::dsp
