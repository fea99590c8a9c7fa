#include "filter_chain.h"

#include <algorithm>

#include "volume.h"

namespace lava::dsp {

using namespace lava::filters;

void FilterChain::configure(unsigned rate, unsigned channels) {
  channels_ = channels;
  stereo_ = channels == 2;
  dry_.assign(kBlockFrames * channels, 0.0f);
  low_pass_.configure(channels);
  rotation_.configure(rate);
  vibrato_.configure(rate, channels);
  tremolo_.configure(rate, channels);
  timescale_.configure(rate, channels);
  karaoke_.configure(rate);
  equalizer_.configure(rate, channels);
  reset();
}

void FilterChain::set_params(const FilterParams& p) {
  // A filter being switched off keeps its last parameters for the fade-out.
  if ((low_pass_on_.on = low_pass_active(p))) low_pass_.set_smoothing(p.low_pass.smoothing);
  if ((channel_mix_on_.on = stereo_ && channel_mix_active(p))) {
    const auto& m = p.channel_mix;
    channel_mix_.set_params(m.left_to_left, m.left_to_right, m.right_to_left, m.right_to_right);
  }
  if ((rotation_on_.on = stereo_ && rotation_active(p)))
    rotation_.set_rotation_hz(p.rotation.rotation_hz);
  if ((distortion_on_.on = distortion_active(p))) {
    const auto& d = p.distortion;
    distortion_.set_params({d.sin_offset, d.sin_scale, d.cos_offset, d.cos_scale, d.tan_offset,
                            d.tan_scale, d.offset, d.scale});
  }
  if ((vibrato_on_.on = vibrato_active(p)))
    vibrato_.set_params(p.vibrato.frequency, p.vibrato.depth);
  if ((tremolo_on_.on = tremolo_active(p)))
    tremolo_.set_params(p.tremolo.frequency, p.tremolo.depth);
  timescale_on_ = timescale_active(p);
  apply_timescale(p);
  if ((karaoke_on_.on = stereo_ && karaoke_active(p))) {
    const auto& k = p.karaoke;
    karaoke_.set_params({k.level, k.mono_level, k.filter_band, k.filter_width});
  }
  if ((equalizer_on_.on = equalizer_active(p))) equalizer_.set_gains(p.equalizer_gains);
  volume_to_ = static_cast<float>(volume_active(p) ? lavalink_volume_gain(p.volume) : 1.0);
  if (fresh_) settle_stages();
}

void FilterChain::apply_timescale(const FilterParams& p) {
  if (timescale_active(p))
    timescale_.set_params(p.timescale.speed, p.timescale.pitch, p.timescale.rate);
}

void FilterChain::settle_stages() {
  for (Stage* s : {&low_pass_on_, &channel_mix_on_, &rotation_on_, &distortion_on_, &vibrato_on_,
                   &tremolo_on_, &karaoke_on_, &equalizer_on_})
    s->was = s->on;
  volume_from_ = volume_to_;
  channel_mix_.reset();
  distortion_.reset();
  tremolo_.reset();
  vibrato_.reset();
  karaoke_.reset();
  equalizer_.reset();
}

void FilterChain::reset() {
  fresh_ = true;
  low_pass_.reset();
  rotation_.reset();
  timescale_.clear();
  settle_stages();
}

bool FilterChain::pre_active() const {
  return low_pass_on_.running() || channel_mix_on_.running() || rotation_on_.running() ||
         distortion_on_.running() || vibrato_on_.running() || tremolo_on_.running();
}

bool FilterChain::post_active() const {
  return karaoke_on_.running() || equalizer_on_.running() || volume_from_ != 1.0f ||
         volume_to_ != 1.0f;
}

template <typename Kernel, typename Process>
void FilterChain::run(Stage& stage, Kernel& kernel, std::span<float> block, Process process) {
  if (!stage.running()) return;
  if (stage.on == stage.was) {
    process(block);
    return;
  }
  // Switching on starts from a clean state; either way the block fades between dry and wet.
  if (stage.on) kernel.reset();
  std::copy(block.begin(), block.end(), dry_.begin());
  process(block);
  const std::size_t frames = block.size() / channels_;
  for (std::size_t f = 0; f < frames; ++f) {
    const float t = static_cast<float>(f + 1) / static_cast<float>(frames);
    const float wet_share = stage.on ? t : 1.0f - t;
    for (unsigned c = 0; c < channels_; ++c) {
      const std::size_t i = f * channels_ + c;
      block[i] = dry_[i] + (block[i] - dry_[i]) * wet_share;
    }
  }
  stage.was = stage.on;
}

void FilterChain::pre_block(std::span<float> b) {
  run(low_pass_on_, low_pass_, b, [&](std::span<float> s) { low_pass_.process(s); });
  run(channel_mix_on_, channel_mix_, b, [&](std::span<float> s) { channel_mix_.process(s); });
  run(rotation_on_, rotation_, b, [&](std::span<float> s) { rotation_.process(s); });
  run(distortion_on_, distortion_, b, [&](std::span<float> s) { distortion_.process(s); });
  run(vibrato_on_, vibrato_, b, [&](std::span<float> s) { vibrato_.process(s); });
  run(tremolo_on_, tremolo_, b, [&](std::span<float> s) { tremolo_.process(s); });
}

void FilterChain::post_block(std::span<float> b) {
  run(karaoke_on_, karaoke_, b, [&](std::span<float> s) { karaoke_.process(s); });
  run(equalizer_on_, equalizer_, b, [&](std::span<float> s) { equalizer_.process(s); });
  if (volume_from_ != 1.0f || volume_to_ != 1.0f) {
    apply_gain_ramp(b, channels_, volume_from_, volume_to_);
    volume_from_ = volume_to_;
  }
}

namespace {

template <typename Fn>
void in_blocks(std::span<float> samples, unsigned channels, Fn fn) {
  if (channels == 0) return;
  const std::size_t block = FilterChain::kBlockFrames * channels;
  const std::size_t usable = samples.size() - samples.size() % channels;
  for (std::size_t i = 0; i < usable; i += block)
    fn(samples.subspan(i, std::min(block, usable - i)));
}

}  // namespace

void FilterChain::process_pre(std::span<float> s) {
  fresh_ = false;
  in_blocks(s, channels_, [this](std::span<float> b) { pre_block(b); });
}

void FilterChain::process_post(std::span<float> s) {
  fresh_ = false;
  in_blocks(s, channels_, [this](std::span<float> b) { post_block(b); });
}

}  // namespace lava::dsp
