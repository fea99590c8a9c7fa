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
  // The bands run side by side as 16 double lanes (the 16th idles) in whatever vectors the CPU
  // has (Highway, chosen at run time). Double: lavaplayer's float recursion is off by up to 6e-5
  // in the 25 Hz band.
  static constexpr int kLanes = 16;
  using Lanes = std::array<double, kLanes>;
  struct alignas(64) ChannelState {
    Lanes y1{}, y2{};
    double x1 = 0, x2 = 0;
  };
  // alpha, gamma and beta of every lane, one after the other.
  alignas(64) std::array<double, 3 * kLanes> coefficients_{};
  // The gains ramp from gain_from_ to gain_to_ across the next block.
  alignas(64) Lanes gain_from_{};
  alignas(64) Lanes gain_to_{};
  std::vector<ChannelState> state_;
};

}  // namespace lava::dsp
