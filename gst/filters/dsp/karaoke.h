// Lavalink's karaoke (lavadsp KaraokeConverter), the same algorithm as GStreamer's audiokaraoke:
// a resonator on the mono sum keeps the band around `filter_band`, the centre channel is
// cancelled by subtracting the other channel scaled by `level`. Stereo only.
#pragma once

#include <span>

#include "ramp.h"

namespace lava::dsp {

struct KaraokeParams {
  double level = 1.0;
  double mono_level = 1.0;
  double filter_band = 220.0;
  double filter_width = 100.0;
};

class Karaoke {
 public:
  void configure(double rate);
  // Levels ramp over the next block; a new band or width changes the resonator's coefficients
  // but keeps its state (lavadsp and audiokaraoke zero it, which clicks).
  void set_params(const KaraokeParams& params);
  void reset();
  void process(std::span<float> stereo);

 private:
  void design();

  double rate_ = 48000;
  KaraokeParams params_;
  Ramp level_{1.0};
  Ramp mono_level_{1.0};
  // Coefficients and resonator state are floats, as in audiokaraoke and lavadsp, so we match them.
  float a_ = 0, b_ = 0, c_ = 0;
  float y1_ = 0, y2_ = 0;
};

}  // namespace lava::dsp
