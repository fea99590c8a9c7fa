// SIMD paths for mono and stereo (by far the common inputs); other channel counts take the
// portable loop, which the compiler vectorises per frame well enough for rare layouts.
#include "fusion/dsp/downmix.h"

#include <cstdint>
#include <type_traits>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fusion/dsp/downmix.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "analysis/dsp/simd_targets.h"

HWY_BEFORE_NAMESPACE();
namespace lava::dsp::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace {

using DF = hn::ScalableTag<float>;
using DI = hn::RebindToSigned<DF>;

// Loads Lanes(df) mono samples of any format as float.
template <typename T>
hn::Vec<DF> load_mono(DF df, const T* p) {
  if constexpr (std::is_same_v<T, float>) {
    return hn::LoadU(df, p);
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return hn::ConvertTo(df, hn::LoadU(DI(), p));
  } else {
    const hn::Rebind<std::int16_t, DF> d16;
    return hn::ConvertTo(df, hn::PromoteTo(DI(), hn::LoadU(d16, p)));
  }
}

// Loads Lanes(df) stereo frames as left and right float vectors.
template <typename T>
void load_stereo(DF df, const T* p, hn::Vec<DF>& left, hn::Vec<DF>& right) {
  if constexpr (std::is_same_v<T, float>) {
    hn::LoadInterleaved2(df, p, left, right);
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    const DI di;
    hn::Vec<DI> l, r;
    hn::LoadInterleaved2(di, p, l, r);
    left = hn::ConvertTo(df, l);
    right = hn::ConvertTo(df, r);
  } else {
    // A frame is one little-endian int32 holding left in the low half: sign-extending shifts
    // split it without a shuffle.
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__);
    const DI di;
    const auto frames = hn::LoadU(di, reinterpret_cast<const std::int32_t*>(p));
    left = hn::ConvertTo(df, hn::ShiftRight<16>(hn::ShiftLeft<16>(frames)));
    right = hn::ConvertTo(df, hn::ShiftRight<16>(frames));
  }
}

template <typename T>
void mix(const T* in, std::span<const float> weights, std::span<float> out) {
  const DF df;
  const std::size_t lanes = hn::Lanes(df);
  const std::size_t frames = out.size();
  const std::size_t channels = weights.size();
  std::size_t i = 0;
  if (channels == 1) {
    const auto w = hn::Set(df, weights[0]);
    for (; i + lanes <= frames; i += lanes)
      hn::StoreU(hn::Mul(load_mono(df, in + i), w), df, &out[i]);
  } else if (channels == 2) {
    const auto wl = hn::Set(df, weights[0]);
    const auto wr = hn::Set(df, weights[1]);
    for (; i + lanes <= frames; i += lanes) {
      hn::Vec<DF> l, r;
      load_stereo(df, in + 2 * i, l, r);
      hn::StoreU(hn::MulAdd(l, wl, hn::Mul(r, wr)), df, &out[i]);
    }
  }
  for (; i < frames; ++i) {
    float acc = 0.0f;
    for (std::size_t c = 0; c < channels; ++c)
      acc += weights[c] * static_cast<float>(in[i * channels + c]);
    out[i] = acc;
  }
}

}  // namespace

void DownmixToMono(const void* in, SampleFormat format, std::span<const float> weights,
                   std::span<float> out) {
  visit_samples(in, format, [&](const auto* samples) { mix(samples, weights, out); });
}

}  // namespace lava::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace lava::dsp {

HWY_EXPORT(DownmixToMono);

void downmix_to_mono(const void* in, SampleFormat format, std::span<const float> weights,
                     std::span<float> out) {
  apply_simd_cap();
  HWY_DYNAMIC_DISPATCH(DownmixToMono)(in, format, weights, out);
}

namespace {

template <typename T>
void mix_reference(const T* in, std::span<const float> weights, std::span<float> out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    double acc = 0.0;
    for (std::size_t c = 0; c < weights.size(); ++c)
      acc += static_cast<double>(weights[c]) * static_cast<double>(in[i * weights.size() + c]);
    out[i] = static_cast<float>(acc);
  }
}

}  // namespace

void downmix_to_mono_reference(const void* in, SampleFormat format, std::span<const float> weights,
                               std::span<float> out) {
  visit_samples(in, format, [&](const auto* samples) { mix_reference(samples, weights, out); });
}

}  // namespace lava::dsp
#endif  // HWY_ONCE
