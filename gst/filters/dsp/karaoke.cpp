#include "karaoke.h"

#include <cmath>

namespace lava::dsp {

void Karaoke::configure(double rate) {
  rate_ = rate;
  design();
  reset();
}

void Karaoke::design() {
  c_ = static_cast<float>(std::exp(-2 * M_PI * params_.filter_width / rate_));
  b_ = static_cast<float>(-4.0 * c_ / (1 + c_) * std::cos(2 * M_PI * params_.filter_band / rate_));
  a_ = static_cast<float>(std::sqrt(1 - double(b_) * b_ / (4.0 * c_)) * (1 - c_));
}

void Karaoke::set_params(const KaraokeParams& params) {
  const bool redesign =
      params.filter_band != params_.filter_band || params.filter_width != params_.filter_width;
  params_ = params;
  level_.set(params.level);
  mono_level_.set(params.mono_level);
  if (redesign) design();
}

void Karaoke::reset() {
  y1_ = y2_ = 0;
  level_.jump(params_.level);
  mono_level_.jump(params_.mono_level);
}

void Karaoke::process(std::span<float> stereo) {
  const std::size_t frames = stereo.size() / 2;
  const bool moving = level_.moving() || mono_level_.moving();
  double level = level_.target();
  double mono = mono_level_.target();
  for (std::size_t f = 0; f < frames; ++f) {
    if (moving) {
      level = level_.at(f, frames);
      mono = mono_level_.at(f, frames);
    }
    const double l = stereo[2 * f];
    const double r = stereo[2 * f + 1];
    const double y = (a_ * ((l + r) / 2.0) - b_ * double(y1_)) - c_ * double(y2_);
    y2_ = y1_;
    y1_ = static_cast<float>(y);
    const double o = y * mono * level;
    stereo[2 * f] = static_cast<float>(l - r * level + o);
    stereo[2 * f + 1] = static_cast<float>(r - l * level + o);
  }
  level_.settle();
  mono_level_.settle();
}

}  // namespace lava::dsp
