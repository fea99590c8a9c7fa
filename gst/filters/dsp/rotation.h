// Lavalink's rotation, "8D audio" (lavadsp RotationPcmAudioFilter): the stereo image pans
// around the listener, left *= (1 + sin x) / 2, right *= (1 - sin x) / 2, x advancing
// 2*pi*rotation_hz/rate per frame. Stereo only.
#pragma once

#include <span>

namespace lava::dsp {

class Rotation {
 public:
  void configure(double rate) { rate_ = rate; }
  // The angle runs on across changes, so a new speed never jumps.
  void set_rotation_hz(double hz) { hz_ = hz; }
  void reset() { x_ = 0; }
  void process(std::span<float> stereo);

 private:
  double rate_ = 48000;
  double hz_ = 0;
  double x_ = 0;
};

}  // namespace lava::dsp
