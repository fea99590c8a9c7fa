#include "equalizer.h"

#include <algorithm>
#include <cmath>

namespace lava::dsp {

BandCoefficients design_equalizer_band(double centre_hz, double rate) {
  // Constant-peak band-pass: |H|^2 = 1 / (1 + q^2 ((cos w - cos w0) / sin w)^2) with
  // q = (1 + beta) / (1 - beta). Putting |H|^2 = 1/2 at the lower edge w1 gives beta.
  const double w0 = 2 * M_PI * centre_hz / rate;
  const double w1 = w0 / std::cbrt(2.0);
  const double k = std::abs(std::cos(w1) - std::cos(w0)) / std::sin(w1);
  const double beta = (1 - k) / (1 + k);
  return {beta, (1 - beta) / 2, (1 + beta) * std::cos(w0)};
}

void Equalizer::configure(double rate, unsigned channels) {
  for (int b = 0; b < kEqualizerBandCount; ++b) {
    const BandCoefficients k = design_equalizer_band(kEqualizerCentresHz[b], rate);
    alpha_[b / 2][b % 2] = k.alpha;
    gamma_[b / 2][b % 2] = k.gamma;
    beta_[b / 2][b % 2] = k.beta;
  }
  state_.assign(channels, ChannelState{});
}

void Equalizer::set_gains(const std::array<float, kEqualizerBandCount>& gains) {
  for (int b = 0; b < kEqualizerBandCount; ++b) gains_[b].set(gains[b]);
}

void Equalizer::reset() {
  std::fill(state_.begin(), state_.end(), ChannelState{});
  for (Ramp& g : gains_) g.jump(g.target());
}

void Equalizer::process(std::span<float> interleaved) {
  const std::size_t channels = state_.size();
  if (channels == 0) return;
  const std::size_t frames = interleaved.size() / channels;
  const bool moving =
      std::any_of(gains_.begin(), gains_.end(), [](const Ramp& g) { return g.moving(); });
  Lanes gain{};
  auto set_gains = [&](auto value) {
    for (int b = 0; b < kEqualizerBandCount; ++b) gain[b / 2][b % 2] = value(gains_[b]);
  };
  set_gains([](const Ramp& g) { return g.target(); });
  for (std::size_t f = 0; f < frames; ++f) {
    if (moving) set_gains([&](const Ramp& g) { return g.at(f, frames); });
    for (std::size_t c = 0; c < channels; ++c) {
      ChannelState& s = state_[c];
      float& sample = interleaved[f * channels + c];
      const double x = sample;
      const double dx = x - s.x2;
      V2 sum = {0.25 * x, 0};
      for (int v = 0; v < kVectors; ++v) {
        const V2 y = alpha_[v] * dx + gamma_[v] * s.y1[v] - beta_[v] * s.y2[v];
        s.y2[v] = s.y1[v];
        s.y1[v] = y;
        sum += gain[v] * y;
      }
      s.x2 = s.x1;
      s.x1 = x;
      const double out = 4.0 * (sum[0] + sum[1]);
      sample = static_cast<float>(std::clamp(out, -1.0, 1.0));
    }
  }
  for (Ramp& g : gains_) g.settle();
}

}  // namespace lava::dsp
