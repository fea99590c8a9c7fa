// Lavalink's distortion (lavadsp DistortionConverter with all three functions enabled, as
// Lavalink leaves them):
//   y = clamp(offset + scale * (sinOffset + sin(x*sinScale)) * (cosOffset + cos(x*cosScale))
//                            * (tanOffset + tan(x*tanScale)), -1, 1)
// The offsets are added to the function values, not to their arguments.
#pragma once

#include <span>

namespace lava::dsp {

struct DistortionParams {
  double sin_offset = 0, sin_scale = 1;
  double cos_offset = 0, cos_scale = 1;
  double tan_offset = 0, tan_scale = 1;
  double offset = 0, scale = 1;

  bool operator==(const DistortionParams&) const = default;
};

class Distortion {
 public:
  // A change cross-fades from the old curve to the new one over the next block.
  void set_params(const DistortionParams& params) { next_ = params; }
  void reset() { current_ = next_; }
  void process(std::span<float> samples);

 private:
  DistortionParams current_;
  DistortionParams next_;
};

}  // namespace lava::dsp
