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
  for (std::size_t i = 0; i < interleaved.size(); i += channels)
    for (std::size_t c = 0; c < channels; ++c) {
      value_[c] += (interleaved[i + c] - value_[c]) * k;
      interleaved[i + c] = static_cast<float>(value_[c]);
    }
}

}  // namespace lava::dsp
