// Lavalink's timescale (lavadsp TimescalePcmAudioFilter): SoundTouch with speed -> setTempo
// (stretch, pitch kept), pitch -> setPitch (shift, tempo kept), rate -> setRate (both).
// lavadsp runs one mono instance per channel; we run one interleaved instance, which keeps the
// stereo image phase-locked (the channels are stretched at the same splice points).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace soundtouch {
class SoundTouch;
}

namespace lava::dsp {

class Timescale {
 public:
  Timescale();
  ~Timescale();
  Timescale(const Timescale&) = delete;
  Timescale& operator=(const Timescale&) = delete;

  void configure(unsigned rate, unsigned channels);
  void set_params(double speed, double pitch, double rate);
  // Output duration / input duration for the current parameters.
  double stretch() const { return 1.0 / (speed_ * rate_); }
  void put(std::span<const float> interleaved);
  // Moves up to out.size() / channels frames of output; returns the frames written.
  std::size_t receive(std::span<float> out);
  // Pushes the tail still inside SoundTouch to the output side (end of stream). Like
  // SoundTouch::flush(), which allocates on every call, it feeds silence until the output has as
  // many frames as the input promised, then trims the excess.
  void flush();
  // Drops everything buffered (flushing seek).
  void clear();

 private:
  std::unique_ptr<soundtouch::SoundTouch> st_;
  unsigned channels_ = 0;
  double speed_ = 1, pitch_ = 1, rate_ = 1;
  std::vector<float> silence_;
  double expected_out_ = 0;  // output frames the input so far should give
  std::size_t received_ = 0;
};

}  // namespace lava::dsp
