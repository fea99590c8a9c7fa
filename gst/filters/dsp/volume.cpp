#include "volume.h"

#include <algorithm>
#include <cmath>

namespace lava::dsp {

namespace {

template <typename Sample, typename Store>
void ramp(std::span<Sample> samples, unsigned channels, float from, float to, Store store) {
  if (channels == 0) return;
  const std::size_t frames = samples.size() / channels;
  if (from == to) {
    for (Sample& s : samples) store(s, to);
    return;
  }
  const double step = (static_cast<double>(to) - from) / static_cast<double>(frames);
  for (std::size_t f = 0; f < frames; ++f) {
    const float gain = static_cast<float>(from + step * static_cast<double>(f + 1));
    Sample* frame = samples.data() + f * channels;
    for (unsigned c = 0; c < channels; ++c) store(frame[c], gain);
  }
}

}  // namespace

double lavalink_volume_gain(double volume) {
  if (std::abs(1.0 - volume) < 0.02) return 1.0;
  if (volume <= 1.5) return std::tan(volume * 0.79);
  return 24612.0 * (volume * 100) / 150 / 10000;
}

void apply_gain_ramp(std::span<float> samples, unsigned channels, float from, float to) {
  ramp(samples, channels, from, to, [](float& s, float g) { s = std::clamp(s * g, -1.0f, 1.0f); });
}

void apply_gain_ramp(std::span<std::int16_t> samples, unsigned channels, float from, float to) {
  ramp(samples, channels, from, to, [](std::int16_t& s, float g) {
    const float v = std::nearbyint(static_cast<float>(s) * g);
    s = static_cast<std::int16_t>(std::clamp(v, -32768.0f, 32767.0f));
  });
}

}  // namespace lava::dsp
