#include "analysis/dsp/spectrum_core.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lava::dsp {

std::vector<float> make_window(WindowType type, std::size_t n) {
  std::vector<float> w(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Periodic windows (denominator n), the right choice for spectral analysis frames.
    const double x = 2.0 * M_PI * static_cast<double>(i) / static_cast<double>(n);
    double v = 1.0;
    switch (type) {
      case WindowType::kHann:
        v = 0.5 - 0.5 * std::cos(x);
        break;
      case WindowType::kHamming:
        v = 0.54 - 0.46 * std::cos(x);
        break;
      case WindowType::kBlackmanHarris:
        v = 0.35875 - 0.48829 * std::cos(x) + 0.14128 * std::cos(2 * x) - 0.01168 * std::cos(3 * x);
        break;
      case WindowType::kRectangular:
        break;
    }
    w[i] = static_cast<float>(v);
  }
  return w;
}

std::vector<std::size_t> band_edges(std::size_t bins, std::size_t bands, BandScale scale) {
  bands = std::clamp<std::size_t>(bands, 1, bins);
  std::vector<std::size_t> edges(bands + 1);
  for (std::size_t b = 0; b <= bands; ++b) {
    const double f = static_cast<double>(b) / bands;
    const double edge = scale == BandScale::kLinear ? f * bins : std::pow(double(bins), f) - 1.0;
    edges[b] = static_cast<std::size_t>(std::lround(edge));
  }
  edges[bands] = bins;
  // Log spacing crowds the low bands below one bin: give each at least one, leaving room for
  // the rest.
  for (std::size_t b = 1; b < bands; ++b)
    edges[b] = std::clamp(edges[b], edges[b - 1] + 1, bins - (bands - b));
  return edges;
}

void SpectrumCore::configure(const SpectrumSettings& settings, unsigned channels,
                             SampleFormat format) {
  settings_ = settings;
  format_ = format;
  const std::size_t n = settings.fft_size;
  hop_ = std::clamp<std::size_t>(settings.hop == 0 ? n / 2 : settings.hop, 1, n);
  if (!fft_ || fft_->size() != n) fft_ = std::make_unique<RealFft>(n);
  window_ = make_window(settings.window, n);
  double sum = 0;
  for (float v : window_) sum += v;
  amplitude_scale_ = static_cast<float>(2.0 / sum);

  const double full_scale = format == SampleFormat::kS16 ? 32768.0 : 1.0;
  const unsigned outputs = settings.multi_channel ? channels : 1;
  weights_.assign(outputs, std::vector<float>(channels, 0.0f));
  for (unsigned o = 0; o < outputs; ++o)
    for (unsigned c = 0; c < channels; ++c)
      if (!settings.multi_channel || c == o)
        weights_[o][c] =
            static_cast<float>(1.0 / ((settings.multi_channel ? 1 : channels) * full_scale));
  const std::size_t sample_bytes = format == SampleFormat::kS16 ? 2 : 4;
  bytes_per_frame_ = sample_bytes * channels;

  const std::size_t bins = fft_->bins();
  history_.assign(outputs, std::vector<float>(n, 0.0f));
  power_.assign(outputs, std::vector<float>(bins, 0.0f));
  last_re_.assign(outputs, std::vector<float>(bins, 0.0f));
  last_im_.assign(outputs, std::vector<float>(bins, 0.0f));
  edges_ = settings.bands == 0 ? std::vector<std::size_t>{}
                               : band_edges(bins, settings.bands, settings.band_scale);
  band_power_.assign(std::max<std::size_t>(edges_.size(), 1) - 1, 0.0f);
  reset();
}

void SpectrumCore::reset() {
  for (auto& h : history_) std::fill(h.begin(), h.end(), 0.0f);
  for (auto& p : power_) std::fill(p.begin(), p.end(), 0.0f);
  fill_ = 0;
  ffts_ = 0;
}

std::size_t SpectrumCore::width() const {
  if (settings_.output == SpectrumOutput::kComplex) return 2 * fft_->bins();
  return edges_.empty() ? fft_->bins() : edges_.size() - 1;
}

void SpectrumCore::run_fft() {
  for (std::size_t o = 0; o < history_.size(); ++o) {
    fft_->forward(history_[o], window_, last_re_[o], last_im_[o]);
    accumulate_power(last_re_[o], last_im_[o], power_[o]);
  }
  ++ffts_;
}

void SpectrumCore::push(const void* frames, std::size_t count) {
  const auto* bytes = static_cast<const std::byte*>(frames);
  const std::size_t n = fft_->size();
  while (count > 0) {
    const std::size_t take = std::min(count, n - fill_);
    for (std::size_t o = 0; o < history_.size(); ++o)
      downmix_to_mono(bytes, format_, weights_[o],
                      std::span<float>(history_[o]).subspan(fill_, take));
    fill_ += take;
    bytes += take * bytes_per_frame_;
    count -= take;
    if (fill_ == n) {
      run_fft();
      // Keep the overlap for the next frame.
      for (auto& h : history_) std::memmove(h.data(), h.data() + hop_, (n - hop_) * sizeof(float));
      fill_ = n - hop_;
    }
  }
}

void SpectrumCore::finish_interval(std::span<float> out) {
  // An interval shorter than the hop still reports: analyse what the history holds now.
  if (ffts_ == 0) run_fft();
  const std::size_t w = width();
  const float power_scale = amplitude_scale_ * amplitude_scale_ / static_cast<float>(ffts_);
  for (std::size_t o = 0; o < history_.size(); ++o) {
    std::span<float> dst = out.subspan(o * w, w);
    if (settings_.output == SpectrumOutput::kComplex) {
      for (std::size_t k = 0; k < fft_->bins(); ++k) {
        dst[2 * k] = last_re_[o][k] * amplitude_scale_;
        dst[2 * k + 1] = last_im_[o][k] * amplitude_scale_;
      }
    } else {
      std::span<const float> values = power_[o];
      if (!edges_.empty()) {
        for (std::size_t b = 0; b + 1 < edges_.size(); ++b) {
          float sum = 0;
          for (std::size_t k = edges_[b]; k < edges_[b + 1]; ++k) sum += power_[o][k];
          band_power_[b] = sum;
        }
        values = band_power_;
      }
      if (settings_.output == SpectrumOutput::kMagnitudeDb)
        power_to_db(values, power_scale, settings_.threshold_db, dst);
      else
        for (std::size_t k = 0; k < w; ++k) dst[k] = values[k] * power_scale;
    }
    std::fill(power_[o].begin(), power_[o].end(), 0.0f);
  }
  ffts_ = 0;
}

}  // namespace lava::dsp
