#include "timescale.h"

#include <SoundTouch.h>

#include <algorithm>
#include <cmath>

namespace lava::dsp {

namespace {
constexpr unsigned kSilenceFrames = 128;
}  // namespace

Timescale::Timescale() : st_(std::make_unique<soundtouch::SoundTouch>()) {}
Timescale::~Timescale() = default;

void Timescale::configure(unsigned rate, unsigned channels) {
  std::lock_guard<std::mutex> guard(lock_);
  channels_ = channels;
  sample_rate_ = rate;
  st_->setChannels(channels);
  st_->setSampleRate(rate);
  st_->setSetting(SETTING_USE_QUICKSEEK, 1);
  silence_.assign(kSilenceFrames * channels, 0.0f);
  clear_locked();
  st_->setTempo(speed_);
  st_->setPitch(pitch_);
  st_->setRate(rate_);
}

// Only real changes reach SoundTouch: a new pitch or rate redesigns (and allocates) its
// anti-alias filter.
void Timescale::set_params(double speed, double pitch, double rate) {
  std::lock_guard<std::mutex> guard(lock_);
  if (speed != speed_) st_->setTempo(speed);
  if (rate != rate_) st_->setRate(rate);
  if (pitch != pitch_) st_->setPitch(pitch);
  speed_ = speed;
  pitch_ = pitch;
  rate_ = rate;
}

double Timescale::stretch() const {
  std::lock_guard<std::mutex> guard(lock_);
  return 1.0 / (speed_ * rate_);
}

double Timescale::latency_seconds() const {
  std::lock_guard<std::mutex> guard(lock_);
  if (sample_rate_ == 0) return 0;
  return std::max(st_->getSetting(SETTING_INITIAL_LATENCY), 0) / double(sample_rate_);
}

void Timescale::put(std::span<const float> interleaved) {
  std::lock_guard<std::mutex> guard(lock_);
  if (channels_ == 0) return;
  const auto frames = static_cast<unsigned>(interleaved.size() / channels_);
  expected_out_ += frames * st_->getInputOutputSampleRatio();
  st_->putSamples(interleaved.data(), frames);
}

std::size_t Timescale::receive(std::span<float> out) {
  std::lock_guard<std::mutex> guard(lock_);
  if (channels_ == 0) return 0;
  const unsigned n = st_->receiveSamples(out.data(), static_cast<unsigned>(out.size() / channels_));
  received_ += n;
  return n;
}

void Timescale::flush() {
  std::lock_guard<std::mutex> guard(lock_);
  if (channels_ == 0) return;
  const long still = std::lround(expected_out_) - static_cast<long>(received_);
  if (still <= 0) return;
  // SoundTouch's own flush gives up after 200 blocks of 128 silent frames; so do we.
  for (int i = 0; i < 200 && still > static_cast<long>(st_->numSamples()); ++i)
    st_->putSamples(silence_.data(), kSilenceFrames);
  st_->adjustAmountOfSamples(static_cast<unsigned>(still));
}

void Timescale::clear() {
  std::lock_guard<std::mutex> guard(lock_);
  clear_locked();
}

void Timescale::clear_locked() {
  st_->clear();
  expected_out_ = 0;
  received_ = 0;
}

}  // namespace lava::dsp
