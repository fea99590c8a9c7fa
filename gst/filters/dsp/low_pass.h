// Lavalink's low pass (lavadsp LowPassConverter): one-pole smoothing per channel,
// y += (x - y) / smoothing, starting from the first sample. Active for smoothing > 1.
#pragma once

#include <span>
#include <vector>

namespace lava::dsp {

class LowPass {
 public:
  void configure(unsigned channels);
  // The state runs on across changes, so a new smoothing never jumps.
  void set_smoothing(double smoothing) { smoothing_ = smoothing; }
  void reset() { started_ = false; }
  void process(std::span<float> interleaved);

 private:
  double smoothing_ = 20;
  bool started_ = false;
  std::vector<double> value_;
};

}  // namespace lava::dsp
