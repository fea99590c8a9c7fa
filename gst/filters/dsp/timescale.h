// Lavalink's timescale (lavadsp TimescalePcmAudioFilter): SoundTouch with speed -> setTempo
// (stretch, pitch kept), pitch -> setPitch (shift, tempo kept), rate -> setRate (both).
// lavadsp runs one mono instance per channel; we run one interleaved instance, which keeps the
// stereo image phase-locked (the channels are stretched at the same splice points).
// SoundTouch runs with quick seek on: it finds the splice point in coarse steps, then refines,
// instead of trying every offset in the seek window (about 8x less work; a splice is now and then
// slightly less smooth).
// Thread safety: set_params() may be called from any thread while another one streams (every
// call takes an internal lock), so a new pitch or rate, which makes SoundTouch redesign and
// allocate its anti-alias filter, can be applied outside the streaming thread.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
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
  double stretch() const;
  // Seconds of input SoundTouch takes in before its first output (SETTING_INITIAL_LATENCY);
  // 0 before configure().
  double latency_seconds() const;
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
  void clear_locked();

  mutable std::mutex lock_;  // guards everything below
  std::unique_ptr<soundtouch::SoundTouch> st_;
  unsigned channels_ = 0;
  unsigned sample_rate_ = 0;
  double speed_ = 1, pitch_ = 1, rate_ = 1;
  std::vector<float> silence_;
  double expected_out_ = 0;  // output frames the input so far should give
  std::size_t received_ = 0;
};

}  // namespace lava::dsp
