// Lavalink's tremolo (lavadsp TremoloPcmAudioFilter): amplitude modulation by
// (1 - depth/2) + depth/2 * sin(phase), phase advancing 2*pi*frequency/rate per frame.
#pragma once

#include <span>

#include "ramp.h"

namespace lava::dsp {

class Tremolo {
 public:
  void configure(double rate, unsigned channels);
  // Depth ramps over the next block; the phase runs on, so a new frequency never jumps.
  void set_params(double frequency, double depth);
  void reset();
  void process(std::span<float> interleaved);

 private:
  double rate_ = 48000;
  unsigned channels_ = 0;
  double frequency_ = 2.0;
  Ramp depth_{0.5};
  double phase_ = 0;
};

}  // namespace lava::dsp
