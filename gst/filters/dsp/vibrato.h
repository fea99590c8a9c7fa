// Lavalink's vibrato (lavadsp VibratoConverter, after BerVibrato): each channel is read from a
// short delay line whose delay swings with a sine LFO,
//   delay = (sin(phase) + 1) / 2 * depth * floor(0.002 * rate) + 3 frames,
// with 4-point 3rd-order Hermite interpolation between samples.
#pragma once

#include <span>
#include <vector>

#include "ramp.h"

namespace lava::dsp {

class Vibrato {
 public:
  void configure(double rate, unsigned channels);
  // Depth ramps over the next block (a jump would jump the delay); the LFO phase runs on.
  void set_params(double frequency, double depth);
  void reset();
  void process(std::span<float> interleaved);

 private:
  static constexpr std::size_t kMargin = 3;  // copies of the first samples past the end
  static constexpr double kExtraDelay = 3;
  static constexpr std::size_t kChunk = 64;  // frames whose read positions are worked out at once

  double rate_ = 48000;
  unsigned channels_ = 0;
  std::size_t size_ = 0;  // ring length in frames
  double max_delay_ = 0;
  double frequency_ = 2.0;
  Ramp depth_{0.5};
  double phase_ = 0;
  std::size_t write_ = 0;
  std::vector<float> ring_;  // channel-major: channel c owns [c*(size_+kMargin), ...)
};

}  // namespace lava::dsp
