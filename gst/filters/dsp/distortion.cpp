#include "distortion.h"

#include <algorithm>
#include <cmath>

namespace lava::dsp {

// The functions run in float, as lavadsp's do in effect (it rounds each to float), which is
// several times faster than double.
double distort(const DistortionParams& p, double x) {
  const auto v = static_cast<float>(x);
  const double y = p.offset + p.scale *
                                  (p.sin_offset + std::sin(v * static_cast<float>(p.sin_scale))) *
                                  (p.cos_offset + std::cos(v * static_cast<float>(p.cos_scale))) *
                                  (p.tan_offset + std::tan(v * static_cast<float>(p.tan_scale)));
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
