// Gain with a linear ramp across one block, so a gain change never clicks.
#pragma once

#include <cstdint>
#include <span>

namespace lava::dsp {

// Multiplies interleaved frames by a gain moving linearly from `from` to `to`: frame i of n gets
// from + (to - from) * (i + 1) / n, so the last frame is exactly at `to`. from == to is a plain
// gain.
void apply_gain_ramp(std::span<float> samples, unsigned channels, float from, float to);
// Same on S16, saturating at the type's limits.
void apply_gain_ramp(std::span<std::int16_t> samples, unsigned channels, float from, float to);

}  // namespace lava::dsp
