// sin(phase) for a phase that advances by a fixed step per frame, without a sin() call per
// frame: a rotating phasor, re-anchored with one exact sin/cos per block so it never drifts.
#pragma once

#include <cmath>

namespace lava::dsp {

class Oscillator {
 public:
  // Starts a block at `phase` (radians) advancing `step` per frame.
  void start(double phase, double step) {
    s_ = std::sin(phase);
    c_ = std::cos(phase);
    ds_ = std::sin(step);
    dc_ = std::cos(step);
  }
  double sin() const { return s_; }
  void advance() {
    const double s = s_ * dc_ + c_ * ds_;
    c_ = c_ * dc_ - s_ * ds_;
    s_ = s;
  }

 private:
  double s_ = 0, c_ = 1, ds_ = 0, dc_ = 1;
};

}  // namespace lava::dsp
