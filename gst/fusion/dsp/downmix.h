// Interleaved S16/S32/F32 frames → mono float in one pass (format conversion and weighted mix).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace lava::dsp {

enum class SampleFormat { kS16, kS32, kF32 };

// Calls f with `in` cast to the sample type of `format`.
template <typename F>
void visit_samples(const void* in, SampleFormat format, F&& f) {
  switch (format) {
    case SampleFormat::kS16:
      return f(static_cast<const std::int16_t*>(in));
    case SampleFormat::kS32:
      return f(static_cast<const std::int32_t*>(in));
    case SampleFormat::kF32:
      return f(static_cast<const float*>(in));
  }
}

// out[i] = Σ_c weights[c] · x[i·channels + c], x read as `format` and not rescaled: fold the
// integer full-scale (1/32768, 1/2^31) into the weights. `in` holds out.size() frames;
// weights.size() == channels.
void downmix_to_mono(const void* in, SampleFormat format, std::span<const float> weights,
                     std::span<float> out);

// Double-precision reference for tests.
void downmix_to_mono_reference(const void* in, SampleFormat format, std::span<const float> weights,
                               std::span<float> out);

}  // namespace lava::dsp
