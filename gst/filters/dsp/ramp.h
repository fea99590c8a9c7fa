// A parameter that moves linearly to a new value across one block instead of jumping, so a
// change while playing never clicks.
#pragma once

#include <cstddef>

namespace lava::dsp {

class Ramp {
 public:
  Ramp() : Ramp(0.0) {}
  explicit Ramp(double value) : from_(value), to_(value) {}

  void set(double target) { to_ = target; }
  // Jumps without ramping (new stream, reset).
  void jump(double value) { from_ = to_ = value; }
  double target() const { return to_; }
  bool moving() const { return from_ != to_; }

  // Value for frame f of an n-frame block: the last frame lands exactly on the target.
  double at(std::size_t f, std::size_t n) const {
    return from_ + (to_ - from_) * static_cast<double>(f + 1) / static_cast<double>(n);
  }
  // Call once the block is done.
  void settle() { from_ = to_; }

 private:
  double from_;
  double to_;
};

}  // namespace lava::dsp
