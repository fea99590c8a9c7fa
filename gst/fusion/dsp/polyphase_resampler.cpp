#include "fusion/dsp/polyphase_resampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fusion/dsp/polyphase_resampler.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "analysis/dsp/simd_targets.h"
#include "fusion/dsp/integer_ratio_kernels.h"

HWY_BEFORE_NAMESPACE();
namespace lava::dsp::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace {

using DF = hn::ScalableTag<float>;

// Σ x[j]·a[j] and Σ x[j]·b[j] in one pass over x; taps is a multiple of every vector width.
void dot2(const float* x, const float* a, const float* b, std::size_t taps, float& sa, float& sb) {
  const DF df;
  auto acc_a = hn::Zero(df);
  auto acc_b = hn::Zero(df);
  for (std::size_t j = 0; j < taps; j += hn::Lanes(df)) {
    const auto v = hn::LoadU(df, x + j);
    acc_a = hn::MulAdd(v, hn::LoadU(df, a + j), acc_a);
    acc_b = hn::MulAdd(v, hn::LoadU(df, b + j), acc_b);
  }
  sa = hn::GetLane(hn::SumOfLanes(df, acc_a));
  sb = hn::GetLane(hn::SumOfLanes(df, acc_b));
}

float dot(const float* x, const float* h, std::size_t taps) {
  const DF df;
  const std::size_t lanes = hn::Lanes(df);
  auto acc0 = hn::Zero(df);
  auto acc1 = hn::Zero(df);
  std::size_t j = 0;
  // Two chains hide the FMA latency.
  for (; j + 2 * lanes <= taps; j += 2 * lanes) {
    acc0 = hn::MulAdd(hn::LoadU(df, x + j), hn::LoadU(df, h + j), acc0);
    acc1 = hn::MulAdd(hn::LoadU(df, x + j + lanes), hn::LoadU(df, h + j + lanes), acc1);
  }
  if (j < taps) acc0 = hn::MulAdd(hn::LoadU(df, x + j), hn::LoadU(df, h + j), acc0);
  return hn::GetLane(hn::SumOfLanes(df, hn::Add(acc0, acc1)));
}

}  // namespace

// Computes out.size() outputs starting at buf[pos] with fractional position phase/up, advancing
// both.
void PolyphaseRun(const float* buf, const float* table, std::size_t taps, std::size_t phases,
                  bool interpolated, std::uint64_t up, std::uint64_t down, std::size_t& pos,
                  std::uint64_t& phase, std::span<float> out) {
  const std::uint64_t step_int = down / up;
  const std::uint64_t step_frac = down % up;
  for (float& y : out) {
    if (!interpolated) {
      y = dot(buf + pos, table + phase * taps, taps);
    } else {
      const std::uint64_t scaled = phase * phases;
      const std::size_t row = scaled / up;
      const float frac = static_cast<float>(scaled % up) / static_cast<float>(up);
      float a, b;
      dot2(buf + pos, table + row * taps, table + (row + 1) * taps, taps, a, b);
      y = a + frac * (b - a);
    }
    pos += step_int;
    phase += step_frac;
    if (phase >= up) {
      phase -= up;
      ++pos;
    }
  }
}

}  // namespace lava::dsp::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace lava::dsp {

HWY_EXPORT(PolyphaseRun);

namespace {

// Kaiser designs per quality: stop-band attenuation (dB) and transition width (fraction of the
// lower rate's Nyquist). q4 already exceeds stock audioresample's default (85 dB).
constexpr double kStopbandDb[] = {60, 66, 72, 80, 86, 92, 98, 104, 112, 120, 130};
constexpr double kTransition[] = {0.30, 0.26, 0.22, 0.19, 0.16, 0.14, 0.12, 0.10, 0.09, 0.08, 0.07};
// The generic kernel takes taps in multiples of the widest vector (AVX-512: 16 floats) so it
// needs no tail; the integer-ratio kernels take any even count.
constexpr std::size_t kTapMultiple = 16;
constexpr std::size_t kIntegerTapMultiple = 4;
constexpr std::uint64_t kMaxUpsampleFactor = 4;
constexpr std::uint64_t kMaxDecimateFactor = 8;
// Exact phase tables up to this many rows; finer ratios interpolate between table rows.
constexpr std::uint64_t kMaxExactPhases = 1024;
constexpr std::size_t kInterpolatedPhases = 512;

double bessel_i0(double x) {
  double sum = 1.0, term = 1.0;
  for (int k = 1; k < 64 && term > 1e-12 * sum; ++k) {
    term *= (x / (2.0 * k)) * (x / (2.0 * k));
    sum += term;
  }
  return sum;
}

double kaiser_beta(double atten) {
  if (atten > 50.0) return 0.1102 * (atten - 8.7);
  return 0.5842 * std::pow(atten - 21.0, 0.4) + 0.07886 * (atten - 21.0);
}

}  // namespace

void PolyphaseResampler::configure(std::uint32_t in_rate, std::uint32_t out_rate, int quality) {
  const std::uint64_t g = std::gcd<std::uint64_t, std::uint64_t>(in_rate, out_rate);
  up_ = out_rate / g;
  down_ = in_rate / g;
  const int q = std::clamp(quality, 0, kMaxQuality);
  const double ratio = std::min(1.0, static_cast<double>(out_rate) / in_rate);
  ResamplerDesign d{};
  d.stopband_db = kStopbandDb[q];
  d.transition = kTransition[q];
  const double width = M_PI * d.transition * ratio;  // radians per input sample
  if (down_ == 1 && up_ > 1 && up_ <= kMaxUpsampleFactor)
    kernel_ = Kernel::kUpsample;
  else if (up_ == 1 && down_ > 1 && down_ <= kMaxDecimateFactor)
    kernel_ = Kernel::kDecimate;
  else
    kernel_ = Kernel::kGeneric;
  std::size_t multiple = kTapMultiple;
  if (kernel_ == Kernel::kUpsample) multiple = kIntegerTapMultiple;
  if (kernel_ == Kernel::kDecimate) multiple = kIntegerTapMultiple;
  std::size_t taps = static_cast<std::size_t>(std::ceil((d.stopband_db - 7.95) / (2.285 * width)));
  d.taps = std::max(kTapMultiple, (taps + multiple - 1) / multiple * multiple);
  d.cutoff = 0.5 * ratio * (1.0 - d.transition / 2.0);
  d.interpolated = up_ > kMaxExactPhases;
  d.phases = d.interpolated ? kInterpolatedPhases : up_;
  design_ = d;
  build_table();
  reset();
}

void PolyphaseResampler::build_table() {
  const std::size_t taps = design_.taps;
  const std::size_t rows = design_.phases + (design_.interpolated ? 1 : 0);
  const double half = taps / 2.0;
  const double beta = kaiser_beta(design_.stopband_db);
  const double norm = bessel_i0(beta);
  const double fc2 = 2.0 * design_.cutoff;
  table_.assign(rows * taps, 0.0f);
  std::vector<double> row(taps);
  for (std::size_t r = 0; r < rows; ++r) {
    const double frac = static_cast<double>(r) / design_.phases;
    double sum = 0.0;
    for (std::size_t j = 0; j < taps; ++j) {
      const double x = static_cast<double>(j) - half + 1.0 - frac;
      const double u = x / half;
      const double window = u * u < 1.0 ? bessel_i0(beta * std::sqrt(1.0 - u * u)) / norm : 0.0;
      const double arg = M_PI * fc2 * x;
      const double sinc = x == 0.0 ? 1.0 : std::sin(arg) / arg;
      row[j] = fc2 * sinc * window;
      sum += row[j];
    }
    // Unity gain at DC for every phase, so a constant input never picks up phase ripple.
    for (std::size_t j = 0; j < taps; ++j) table_[r * taps + j] = static_cast<float>(row[j] / sum);
  }
  coef_.clear();
  // The single decimation phase ends on the window's zero (x = half), so its kernel skips that tap.
  if (kernel_ == Kernel::kDecimate)
    coef_ = decimate_rows(std::span<const float>(table_).first(taps - 1), down_);
  if (kernel_ != Kernel::kUpsample) return;
  coef_.resize(rows * taps);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < taps; ++j) coef_[j * rows + r] = table_[r * taps + j];
}

void PolyphaseResampler::reset() {
  if (design_.taps == 0) return;  // not configured yet
  const std::size_t pad = design_.taps / 2 - 1;
  if (buf_.size() < pad + kIntegerKernelSlack) buf_.resize(pad + kIntegerKernelSlack);
  std::fill_n(buf_.begin(), pad, 0.0f);
  filled_ = pad;
  pos_ = 0;
  phase_ = 0;
  drained_ = false;
}

void PolyphaseResampler::compact() {
  if (pos_ == 0) return;
  std::copy(buf_.begin() + pos_, buf_.begin() + filled_, buf_.begin());
  filled_ -= pos_;
  pos_ = 0;
}

std::span<float> PolyphaseResampler::input_space(std::size_t n) {
  compact();
  if (buf_.size() < filled_ + n + kIntegerKernelSlack)
    buf_.resize(filled_ + n + kIntegerKernelSlack);
  return {buf_.data() + filled_, n};
}

void PolyphaseResampler::commit(std::size_t n) {
  filled_ += n;
}

std::size_t PolyphaseResampler::count_until(std::size_t filled) const {
  if (filled < pos_ + design_.taps) return 0;
  const std::uint64_t span = filled - design_.taps - pos_ + 1;  // admissible integer steps
  return (span * up_ - phase_ + down_ - 1) / down_;
}

std::size_t PolyphaseResampler::available() const {
  return count_until(filled_);
}

std::size_t PolyphaseResampler::drain_length() const {
  return count_until(filled_ + (drained_ ? 0 : design_.taps / 2));
}

std::size_t PolyphaseResampler::process(std::span<float> out) {
  const std::size_t n = std::min(out.size(), available());
  switch (kernel_) {
    case Kernel::kUpsample:
      upsample_integer(buf_.data() + pos_, coef_.data(), design_.taps, up_, phase_, out.first(n));
      phase_ += n;
      pos_ += phase_ / up_;
      phase_ %= up_;
      break;
    case Kernel::kDecimate:
      decimate_integer(buf_.data() + pos_, coef_, design_.taps - 1, down_, out.first(n));
      pos_ += n * down_;
      break;
    case Kernel::kGeneric:
      apply_simd_cap();
      HWY_DYNAMIC_DISPATCH(PolyphaseRun)
      (buf_.data(), table_.data(), design_.taps, design_.phases, design_.interpolated, up_, down_,
       pos_, phase_, out.first(n));
      break;
  }
  return n;
}

std::size_t PolyphaseResampler::drain(std::span<float> out) {
  if (!drained_) {
    const std::size_t pad = design_.taps / 2;
    std::span<float> zeros = input_space(pad);
    std::fill(zeros.begin(), zeros.end(), 0.0f);
    commit(pad);
    drained_ = true;
  }
  return process(out);
}

}  // namespace lava::dsp
#endif  // HWY_ONCE
