// Rational-ratio polyphase windowed-sinc (Kaiser) resampler for mono float streams.
//
// Output sample n sits exactly at input time n·in_rate/out_rate (no delay in the timeline), so a
// stream of N input frames yields exactly ceil(N·out_rate/in_rate) output frames once drained.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lava::dsp {

struct ResamplerDesign {
  double stopband_db;  // Kaiser design attenuation
  double transition;   // transition width as a fraction of the lower rate's Nyquist
  std::size_t taps;    // per phase, in input samples
  double cutoff;       // −6 dB point, cycles per input sample
  std::size_t phases;  // filter table rows
  bool interpolated;   // phases are interpolated (ratio too fine for an exact table)
};

class PolyphaseResampler {
 public:
  static constexpr int kMaxQuality = 10;

  // in_rate, out_rate ≥ 1; quality 0…10 (clamped).
  void configure(std::uint32_t in_rate, std::uint32_t out_rate, int quality);
  // Forgets all input (a new stream starts at input sample 0).
  void reset();

  // Room for n input samples: write them, then commit(n). No allocation once the buffer reached
  // its working size.
  std::span<float> input_space(std::size_t n);
  void commit(std::size_t n);

  // Outputs computable from the input committed so far.
  std::size_t available() const;
  // Writes min(out.size(), available()) outputs; returns how many.
  std::size_t process(std::span<float> out);
  // Outputs still owed at end of stream (includes available()).
  std::size_t drain_length() const;
  // Pads the input with silence and writes min(out.size(), drain_length()) outputs.
  std::size_t drain(std::span<float> out);

  const ResamplerDesign& design() const { return design_; }
  // Input samples the output lags behind the input (half the filter).
  std::size_t latency_input_samples() const { return design_.taps / 2; }

 private:
  std::size_t count_until(std::size_t last_start) const;
  void build_table();
  void compact();

  std::uint64_t up_ = 1;    // L: output rate / gcd
  std::uint64_t down_ = 1;  // M: input rate / gcd
  ResamplerDesign design_{};
  enum class Kernel { kGeneric, kUpsample, kDecimate };  // see integer_ratio_kernels.h
  Kernel kernel_ = Kernel::kGeneric;
  std::vector<float> table_;  // rows of taps: one per phase (+1 when interpolated)
  std::vector<float> coef_;   // the table laid out for the integer-ratio kernel
  // taps/2 − 1 zeros of left padding, then the input, then kIntegerKernelSlack floats of room.
  std::vector<float> buf_;
  std::size_t filled_ = 0;   // valid samples in buf_
  std::size_t pos_ = 0;      // buf_ index of the next output's first tap
  std::uint64_t phase_ = 0;  // next output's fractional position, in 1/up_ input samples
  bool drained_ = false;
};

}  // namespace lava::dsp
