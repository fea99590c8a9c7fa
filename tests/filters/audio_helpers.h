// Test signals and buffer helpers shared by the filter tests.
#pragma once

#include <gst/gst.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "buffer_map.h"

namespace lava::test {

// Interleaved sine, amplitude `amp`, channel c phase-shifted by c radians.
inline std::vector<float> sine(std::size_t frames, double freq, int channels = 2, int rate = 48000,
                               std::size_t offset = 0, double amp = 0.5) {
  std::vector<float> out(frames * static_cast<std::size_t>(channels));
  for (std::size_t f = 0; f < frames; ++f)
    for (int c = 0; c < channels; ++c)
      out[f * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] =
          static_cast<float>(amp * std::sin(2 * M_PI * freq * double(f + offset) / rate + c));
  return out;
}

inline GstBuffer* f32_buffer(const std::vector<float>& samples) {
  GstBuffer* buf = gst_buffer_new_allocate(nullptr, samples.size() * sizeof(float), nullptr);
  lava::BufferMap map(buf, GST_MAP_WRITE);
  auto out = map.as<float>();
  for (std::size_t i = 0; i < samples.size(); ++i) out[i] = samples[i];
  return buf;
}

inline std::vector<float> floats(GstBuffer* buf) {
  lava::BufferMap map(buf, GST_MAP_READ);
  auto in = map.as<float>();
  return {in.begin(), in.end()};
}

// Largest |x[i] - x[i - channels]| over the signal: the biggest step between frames.
inline double max_step(const std::vector<float>& x, int channels) {
  double m = 0;
  for (std::size_t i = static_cast<std::size_t>(channels); i < x.size(); ++i)
    m = std::max(m, double(std::abs(x[i] - x[i - static_cast<std::size_t>(channels)])));
  return m;
}

// Frequency of the dominant tone of one channel, from zero crossings with linear interpolation.
inline double zero_crossing_frequency(const std::vector<float>& x, int channels, int rate,
                                      int channel = 0) {
  std::vector<double> crossings;
  const std::size_t n = x.size() / static_cast<std::size_t>(channels);
  auto at = [&](std::size_t f) {
    return double(x[f * static_cast<std::size_t>(channels) + static_cast<std::size_t>(channel)]);
  };
  for (std::size_t f = 1; f < n; ++f)
    if (at(f - 1) < 0 && at(f) >= 0)
      crossings.push_back(double(f - 1) + at(f - 1) / (at(f - 1) - at(f)));
  if (crossings.size() < 2) return 0;
  return rate * double(crossings.size() - 1) / (crossings.back() - crossings.front());
}

}  // namespace lava::test
