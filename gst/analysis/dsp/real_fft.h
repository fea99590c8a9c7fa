// Real-input FFT for power-of-two sizes 64…16384: a half-size complex Stockham FFT (radix 8 with
// one radix-4 or radix-2 pass; radix 4 and 2 for n = 64) over split re/im arrays, then a
// post-twiddle pass that turns it into the n/2+1 bins of the real transform. Plans hold every
// twiddle and scratch buffer, so forward() never allocates. One plan per thread (the scratch is
// mutable).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lava::dsp {

struct FftStage {
  std::size_t radix;     // 2, 4 or 8
  std::size_t p;         // length of the sub-transforms this pass combines
  std::size_t twiddles;  // offset into the twiddle arrays; (radix−1) rows of `period` each
  std::size_t period;    // twiddle row length: max(p, widest vector)
};

class RealFft {
 public:
  static constexpr std::size_t kMinSize = 64;
  static constexpr std::size_t kMaxSize = 16384;
  static bool valid_size(std::size_t n);

  // n must satisfy valid_size (checked by callers; anything else aborts).
  explicit RealFft(std::size_t n);

  std::size_t size() const { return n_; }
  std::size_t bins() const { return n_ / 2 + 1; }

  // X[k] = Σ x[t]·e^(−2πi·kt/n) for k = 0…n/2, written as split real and imaginary parts.
  // `window` (empty or n values) multiplies the input first, at no extra pass.
  void forward(std::span<const float> in, std::span<const float> window, std::span<float> re,
               std::span<float> im);

  // Internals for the SIMD kernels.
  struct View {
    std::size_t m;  // complex length n/2
    const FftStage* stages;
    std::size_t stage_count;
    const float* tw_re;
    const float* tw_im;
    const float* post_re;  // e^(−2πi·k/n), k < m
    const float* post_im;
    float* scratch;  // four arrays of m + 16 floats
  };

 private:
  std::size_t n_;
  std::vector<FftStage> stages_;
  std::vector<float> tw_re_, tw_im_, post_re_, post_im_;
  std::vector<float> scratch_;
  std::vector<float> ones_;  // window used when none is given
};

// acc[k] += re[k]² + im[k]².
void accumulate_power(std::span<const float> re, std::span<const float> im, std::span<float> acc);
// out[k] = max(10·log10(in[k]·scale), floor_db).
void power_to_db(std::span<const float> in, float scale, float floor_db, std::span<float> out);

}  // namespace lava::dsp
