#include "channel_mix.h"

#include <algorithm>

namespace lava::dsp {

void ChannelMix::set_params(double left_to_left, double left_to_right, double right_to_left,
                            double right_to_right) {
  ll_.set(left_to_left);
  lr_.set(left_to_right);
  rl_.set(right_to_left);
  rr_.set(right_to_right);
}

void ChannelMix::reset() {
  for (Ramp* r : {&ll_, &lr_, &rl_, &rr_}) r->jump(r->target());
}

void ChannelMix::process(std::span<float> stereo) {
  const std::size_t frames = stereo.size() / 2;
  const bool moving = ll_.moving() || lr_.moving() || rl_.moving() || rr_.moving();
  double ll = ll_.target(), lr = lr_.target(), rl = rl_.target(), rr = rr_.target();
  for (std::size_t f = 0; f < frames; ++f) {
    if (moving) {
      ll = ll_.at(f, frames);
      lr = lr_.at(f, frames);
      rl = rl_.at(f, frames);
      rr = rr_.at(f, frames);
    }
    const double l = stereo[2 * f];
    const double r = stereo[2 * f + 1];
    const double left = ll * l + rl * r;
    const double right = lr * l + rr * r;
    stereo[2 * f] = static_cast<float>(std::clamp(left, -1.0, 1.0));
    stereo[2 * f + 1] = static_cast<float>(std::clamp(right, -1.0, 1.0));
  }
  for (Ramp* r : {&ll_, &lr_, &rl_, &rr_}) r->settle();
}

}  // namespace lava::dsp
