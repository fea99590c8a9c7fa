// FIR kernels for integer resampling ratios (the common 16k↔48k, 24k→48k, 48k→16k… cases). They
// vectorise across outputs instead of across taps: each input load feeds several outputs and no
// horizontal sum is needed, so they run near the FMA bound. Every output is one multiply-add chain
// over the taps in order, the same in a full vector and in the partial last one, so how the
// stream is cut into buffers never changes an output bit.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lava::dsp {

// Floats the kernels may read past the last input sample an output needs (garbage there only
// reaches lanes that are thrown away).
constexpr std::size_t kIntegerKernelSlack = 1024;

// Upsampling by `factor` (2, 3 or 4): output k of this call is phase (phase + k) % factor at input
// position (phase + k) / factor, i.e. Σ_j coef[j·factor + φ]·x[position + j]. `coef` holds the
// phase filters interleaved tap by tap.
void upsample_integer(const float* x, const float* coef, std::size_t taps, std::size_t factor,
                      std::size_t phase, std::span<float> out);

// Decimation by `factor` (2…8): out[n] = Σ_j h[j]·x[factor·n + j]. The kernel takes the filter
// as decimate_rows(h, factor): row t holds h[t − factor·l] for the lanes l of one output vector.
constexpr std::size_t kDecimateRowWidth = 8;  // widest vector the kernels use, in floats
std::vector<float> decimate_rows(std::span<const float> h, std::size_t factor);
void decimate_integer(const float* x, std::span<const float> rows, std::size_t taps,
                      std::size_t factor, std::span<float> out);

}  // namespace lava::dsp
