#include "vibrato.h"

#include <algorithm>
#include <cmath>

#include "oscillator.h"

namespace lava::dsp {

void Vibrato::configure(double rate, unsigned channels) {
  rate_ = rate;
  channels_ = channels;
  max_delay_ = std::floor(0.002 * rate);
  size_ = std::max<std::size_t>(static_cast<std::size_t>(0.002 * rate * 2), 8);
  ring_.assign((size_ + kMargin) * channels, 0.0f);
  reset();
}

void Vibrato::set_params(double frequency, double depth) {
  frequency_ = frequency;
  depth_.set(depth);
}

void Vibrato::reset() {
  std::fill(ring_.begin(), ring_.end(), 0.0f);
  write_ = 0;
  phase_ = 0;
  depth_.jump(depth_.target());
}

namespace {

float hermite(float x, const float* y) {
  const float c1 = 0.5f * (y[2] - y[0]);
  const float c2 = (y[0] - 2.5f * y[1]) + (2.0f * y[2] - 0.5f * y[3]);
  const float c3 = 0.5f * (y[3] - y[0]) + 1.5f * (y[1] - y[2]);
  return ((c3 * x + c2) * x + c1) * x + y[1];
}

}  // namespace

void Vibrato::process(std::span<float> interleaved) {
  if (channels_ == 0) return;
  const std::size_t frames = interleaved.size() / channels_;
  const double step = 2 * M_PI * frequency_ / rate_;
  const std::size_t stride = size_ + kMargin;
  Oscillator lfo;
  lfo.start(phase_, step);
  const bool moving = depth_.moving();
  double depth = depth_.target();
  for (std::size_t f = 0; f < frames; ++f) {
    if (moving) depth = depth_.at(f, frames);
    const double delay = (lfo.sin() + 1) * 0.5 * depth * max_delay_ + kExtraDelay;
    lfo.advance();
    double read = static_cast<double>(write_) - 1 - delay;
    while (read < 0) read += static_cast<double>(size_);
    const auto index = static_cast<std::size_t>(read);
    const auto frac = static_cast<float>(read - static_cast<double>(index));
    for (unsigned c = 0; c < channels_; ++c) {
      float* ring = ring_.data() + c * stride;
      float& sample = interleaved[f * channels_ + c];
      const float in = sample;
      sample = hermite(frac, ring + index);
      ring[write_] = in;
      if (write_ < kMargin) ring[size_ + write_] = in;
    }
    if (++write_ == size_) write_ = 0;
  }
  phase_ = std::fmod(phase_ + step * static_cast<double>(frames), 2 * M_PI);
  depth_.settle();
}

}  // namespace lava::dsp
