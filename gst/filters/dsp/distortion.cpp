#include "distortion.h"

#include <algorithm>
#include <cmath>

namespace lava::dsp {

double distort(const DistortionParams& p, double x) {
  const double y = p.offset + p.scale * (p.sin_offset + std::sin(x * p.sin_scale)) *
                                  (p.cos_offset + std::cos(x * p.cos_scale)) *
                                  (p.tan_offset + std::tan(x * p.tan_scale));
  return std::clamp(y, -1.0, 1.0);
}

void Distortion::process(std::span<float> samples) {
  const std::size_t n = samples.size();
  if (current_ == next_) {
    for (float& s : samples) s = static_cast<float>(distort(current_, s));
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i + 1) / static_cast<double>(n);
    const double x = samples[i];
    samples[i] = static_cast<float>((1 - t) * distort(current_, x) + t * distort(next_, x));
  }
  current_ = next_;
}

}  // namespace lava::dsp
