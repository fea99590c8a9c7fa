// Lavalink's channel mix (lavadsp ChannelMixPcmAudioFilter), stereo only:
//   left' = clamp(ll*left + rl*right), right' = clamp(lr*left + rr*right), clamp to [-1, 1].
#pragma once

#include <span>

#include "ramp.h"

namespace lava::dsp {

class ChannelMix {
 public:
  // Coefficients ramp over the next block.
  void set_params(double left_to_left, double left_to_right, double right_to_left,
                  double right_to_right);
  void reset();
  void process(std::span<float> stereo);

 private:
  Ramp ll_{1.0}, lr_{0.0}, rl_{0.0}, rr_{1.0};
};

}  // namespace lava::dsp
