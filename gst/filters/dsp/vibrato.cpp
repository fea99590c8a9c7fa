#include "vibrato.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "oscillator.h"

namespace lava::dsp {

void Vibrato::configure(double rate, unsigned channels) {
  rate_ = rate;
  channels_ = channels;
  max_delay_ = std::floor(0.002 * rate);
  size_ = std::max(static_cast<std::size_t>(0.002 * rate * 2),
                   static_cast<std::size_t>(max_delay_ + kExtraDelay) + kChunk + 4);
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
  std::array<std::size_t, kChunk> index;
  std::array<float, kChunk> frac;
  for (std::size_t start = 0; start < frames; start += kChunk) {
    const std::size_t n = std::min(kChunk, frames - start);
    // Where each frame reads: the LFO is the only serial part, so it runs alone.
    std::size_t write = write_;
    for (std::size_t k = 0; k < n; ++k) {
      if (moving) depth = depth_.at(start + k, frames);
      const double delay = (lfo.sin() + 1) * 0.5 * depth * max_delay_ + kExtraDelay;
      lfo.advance();
      double read = static_cast<double>(write) - 1 - delay;
      if (read < 0) read += static_cast<double>(size_);  // delay < size_
      index[k] = static_cast<std::size_t>(read);
      frac[k] = static_cast<float>(read - static_cast<double>(index[k]));
      if (++write == size_) write = 0;
    }
    // Per channel, the chunk's input goes into the ring first: a frame reads only what earlier
    // frames wrote, and the ring has room for a chunk beyond the longest delay, so no later
    // frame of the chunk overwrites it. Then the reads, which no longer wait on each other.
    for (unsigned c = 0; c < channels_; ++c) {
      float* ring = ring_.data() + c * stride;
      float* samples = interleaved.data() + start * channels_ + c;
      write = write_;
      for (std::size_t k = 0; k < n; ++k) {
        const float in = samples[k * channels_];
        ring[write] = in;
        if (write < kMargin) ring[size_ + write] = in;
        if (++write == size_) write = 0;
      }
      for (std::size_t k = 0; k < n; ++k)
        samples[k * channels_] = hermite(frac[k], ring + index[k]);
    }
    write_ = write;
  }
  phase_ = std::fmod(phase_ + step * static_cast<double>(frames), 2 * M_PI);
  depth_.settle();
}

}  // namespace lava::dsp
