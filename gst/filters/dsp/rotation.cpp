#include "rotation.h"

#include <cmath>

namespace lava::dsp {

void Rotation::process(std::span<float> stereo) {
  const std::size_t frames = stereo.size() / 2;
  const double step = 2 * M_PI * hz_ / rate_;
  for (std::size_t f = 0; f < frames; ++f) {
    const double s = std::sin(x_);
    stereo[2 * f] = static_cast<float>(stereo[2 * f] * (1 + s) / 2);
    stereo[2 * f + 1] = static_cast<float>(stereo[2 * f + 1] * (1 - s) / 2);
    x_ += step;
  }
  x_ = std::fmod(x_, 2 * M_PI);
}

}  // namespace lava::dsp
