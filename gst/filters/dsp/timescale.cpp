#include "timescale.h"

#include <SoundTouch.h>

namespace lava::dsp {

Timescale::Timescale() : st_(std::make_unique<soundtouch::SoundTouch>()) {}
Timescale::~Timescale() = default;

void Timescale::configure(unsigned rate, unsigned channels) {
  channels_ = channels;
  st_->setChannels(channels);
  st_->setSampleRate(rate);
  st_->clear();
}

void Timescale::set_params(double speed, double pitch, double rate) {
  if (speed != speed_) st_->setTempo(speed);
  if (rate != rate_) st_->setRate(rate);
  st_->setPitch(pitch);
  speed_ = speed;
  rate_ = rate;
}

void Timescale::put(std::span<const float> interleaved) {
  if (channels_ == 0) return;
  st_->putSamples(interleaved.data(), static_cast<unsigned>(interleaved.size() / channels_));
}

std::size_t Timescale::receive(std::span<float> out) {
  if (channels_ == 0) return 0;
  return st_->receiveSamples(out.data(), static_cast<unsigned>(out.size() / channels_));
}

void Timescale::flush() {
  st_->flush();
}
void Timescale::clear() {
  st_->clear();
}

}  // namespace lava::dsp
