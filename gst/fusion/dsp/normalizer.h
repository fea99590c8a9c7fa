// Level normalization of a mono float stream towards a target, with a bounded gain that follows
// an attack/release level envelope and ramps linearly inside each block (it never jumps).
#pragma once

#include <cstddef>
#include <span>

namespace lava::dsp {

enum class NormalizeMode { kNone, kPeak, kRms };

struct NormalizerSettings {
  NormalizeMode mode = NormalizeMode::kNone;
  double target_db = -3.0;    // dBFS of the peak (kPeak) or RMS (kRms) level
  double attack_ms = 10.0;    // envelope time constant while the level rises
  double release_ms = 500.0;  // envelope time constant while the level falls
  double max_gain_db = 30.0;  // gain never exceeds this (nor goes below its inverse)

  bool operator==(const NormalizerSettings&) const = default;
};

class Normalizer {
 public:
  // Samples are analysed in blocks of this many frames; the gain ramps across each block.
  static constexpr std::size_t kBlock = 64;
  // Below this level (dBFS) the gain holds instead of chasing silence or noise floor up.
  static constexpr double kGateDb = -70.0;

  void configure(const NormalizerSettings& settings, unsigned rate);
  void reset();
  // New settings mid-stream: the envelope and gain carry on, so nothing jumps.
  void update(const NormalizerSettings& settings);
  const NormalizerSettings& settings() const { return settings_; }
  void process(std::span<float> samples);
  // Gain applied at the end of the last block.
  float gain() const { return gain_; }

 private:
  double coefficient(double ms, std::size_t frames) const;

  NormalizerSettings settings_{};
  unsigned rate_ = 48000;
  double target_ = 1.0;
  double max_gain_ = 1.0;
  double envelope_ = 0.0;  // peak amplitude or mean square, per mode; 0 until the first signal
  float gain_ = 1.0f;
};

// SIMD block helpers (exposed for tests against the scalar path).
float block_peak(std::span<const float> samples);
double block_mean_square(std::span<const float> samples);
void apply_gain_ramp(std::span<float> samples, float from, float to);

}  // namespace lava::dsp
