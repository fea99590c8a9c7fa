// Gain with a linear ramp across one block, so a gain change never clicks.
#pragma once

#include <cstdint>
#include <span>

namespace lava::dsp {

// The gain Lavalink applies for filters.volume v (lavadsp VectorSupport.volume, ported from
// lavaplayer's PcmVolumeProcessor): tan(0.79 v) up to v = 1.5, then 1.6408 v, and exactly 1 within
// 0.02 of 1.0 (where lavadsp skips the filter). So 0.5 is about -7.6 dB, 2.0 is 3.28x.
double lavalink_volume_gain(double volume);

// Multiplies interleaved frames by a gain moving linearly from `from` to `to`: frame i of n gets
// from + (to - from) * (i + 1) / n, so the last frame is exactly at `to`. from == to is a plain
// gain. The result is clamped to [-1, 1], as Lavalink does.
void apply_gain_ramp(std::span<float> samples, unsigned channels, float from, float to);
// Same on S16, saturating at the type's limits.
void apply_gain_ramp(std::span<std::int16_t> samples, unsigned channels, float from, float to);

}  // namespace lava::dsp
