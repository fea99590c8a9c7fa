#include "tremolo.h"

#include <cmath>

#include "oscillator.h"

namespace lava::dsp {

void Tremolo::configure(double rate, unsigned channels) {
  rate_ = rate;
  channels_ = channels;
  reset();
}

void Tremolo::set_params(double frequency, double depth) {
  frequency_ = frequency;
  depth_.set(depth);
}

void Tremolo::reset() {
  phase_ = 0;
  depth_.jump(depth_.target());
}

void Tremolo::process(std::span<float> interleaved) {
  if (channels_ == 0) return;
  const std::size_t frames = interleaved.size() / channels_;
  const double step = 2 * M_PI * frequency_ / rate_;
  Oscillator lfo;
  lfo.start(phase_, step);
  const bool moving = depth_.moving();
  double half_depth = depth_.target() / 2;
  for (std::size_t f = 0; f < frames; ++f) {
    if (moving) half_depth = depth_.at(f, frames) / 2;
    const float gain = static_cast<float>(1 - half_depth + half_depth * lfo.sin());
    for (unsigned c = 0; c < channels_; ++c) interleaved[f * channels_ + c] *= gain;
    lfo.advance();
  }
  phase_ += step * static_cast<double>(frames);
  // Keep the phase small so it stays exact for hours (lavadsp lets a float phase grow).
  phase_ = std::fmod(phase_, 2 * M_PI);
  depth_.settle();
}

}  // namespace lava::dsp
