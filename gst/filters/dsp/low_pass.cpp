#include "low_pass.h"

namespace lava::dsp {

void LowPass::configure(unsigned channels) {
  value_.assign(channels, 0.0);
  started_ = false;
}

void LowPass::process(std::span<float> interleaved) {
  const std::size_t channels = value_.size();
  if (channels == 0 || interleaved.size() < channels) return;
  if (!started_) {
    for (std::size_t c = 0; c < channels; ++c) value_[c] = interleaved[c];
    started_ = true;
  }
  const double k = 1.0 / smoothing_;
  // Each channel is its own serial recursion; running one at a time keeps it in a register.
  for (std::size_t c = 0; c < channels; ++c) {
    double v = value_[c];
    for (std::size_t i = c; i < interleaved.size(); i += channels) {
      v += (interleaved[i] - v) * k;
      interleaved[i] = static_cast<float>(v);
    }
    value_[c] = v;
  }
}

}  // namespace lava::dsp
