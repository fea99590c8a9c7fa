#include "rotation.h"

#include <cmath>

#include "oscillator.h"

namespace lava::dsp {

void Rotation::process(std::span<float> stereo) {
  const std::size_t frames = stereo.size() / 2;
  const double step = 2 * M_PI * hz_ / rate_;
  Oscillator angle;
  angle.start(x_, step);
  for (std::size_t f = 0; f < frames; ++f) {
    const double s = angle.sin();
    stereo[2 * f] = static_cast<float>(stereo[2 * f] * (1 + s) / 2);
    stereo[2 * f + 1] = static_cast<float>(stereo[2 * f + 1] * (1 - s) / 2);
    angle.advance();
  }
  x_ += step * static_cast<double>(frames);
  x_ = std::fmod(x_, 2 * M_PI);
}

}  // namespace lava::dsp
