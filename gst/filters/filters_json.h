// Lavalink v4 `filters` object: parse + validate, and the echo the server returns in
// Player.filters. Free of GStreamer so the server links it directly.
//
// Follows Lavalink's observable behaviour (protocol/v4/filters.kt, mapper.kt): unknown keys are
// ignored, an omitted filter (or an explicit null for the object-valued ones) is off, omitted
// fields inside a filter object take Lavalink's defaults, a value of the wrong JSON type is an
// error. Unlike Lavalink we also reject out-of-range values, naming the field.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace lava::filters {

inline constexpr int kEqualizerBands = 15;

struct EqualizerBand {
  int band = 0;
  float gain = 1.0f;  // Lavalink's default when "gain" is omitted
};

struct Karaoke {
  float level = 1.0f;
  float mono_level = 1.0f;
  float filter_band = 220.0f;
  float filter_width = 100.0f;
};

struct Timescale {
  double speed = 1.0;
  double pitch = 1.0;
  double rate = 1.0;
};

struct Tremolo {
  float frequency = 2.0f;
  float depth = 0.5f;
};

struct Vibrato {
  float frequency = 2.0f;
  float depth = 0.5f;
};

struct Rotation {
  double rotation_hz = 0.0;
};

struct Distortion {
  float sin_offset = 0.0f;
  float sin_scale = 1.0f;
  float cos_offset = 0.0f;
  float cos_scale = 1.0f;
  float tan_offset = 0.0f;
  float tan_scale = 1.0f;
  float offset = 0.0f;
  float scale = 1.0f;
};

struct ChannelMix {
  float left_to_left = 1.0f;
  float left_to_right = 0.0f;
  float right_to_left = 0.0f;
  float right_to_right = 1.0f;
};

struct LowPass {
  float smoothing = 20.0f;
};

// Every filter's parameters, plain data (copying never allocates), as the DSP chain consumes them.
// One flag per filter: present in the JSON (and so echoed back). Whether a present filter changes
// the sound is decided by the *_active() helpers below, as Lavalink's isEnabled does.
struct FilterParams {
  bool has_volume = false;
  bool has_equalizer = false;
  bool has_karaoke = false;
  bool has_timescale = false;
  bool has_tremolo = false;
  bool has_vibrato = false;
  bool has_rotation = false;
  bool has_distortion = false;
  bool has_channel_mix = false;
  bool has_low_pass = false;

  float volume = 1.0f;
  std::array<float, kEqualizerBands> equalizer_gains{};  // effective gains; later entries win
  Karaoke karaoke;
  Timescale timescale;
  Tremolo tremolo;
  Vibrato vibrato;
  Rotation rotation;
  Distortion distortion;
  ChannelMix channel_mix;
  LowPass low_pass;
};

// A parsed `filters` object: the parameters plus what only the echo needs.
struct FilterSettings : FilterParams {
  std::vector<EqualizerBand> equalizer_bands;  // as sent
  // `pluginFilters` as compact JSON text ("{}" when absent). We run no filter plugins.
  std::string plugin_filters = "{}";
};

// Parses a `filters` object. On failure returns false, leaves `out` untouched and sets `error`
// to a message naming the field, e.g. "filters.timescale.speed must be > 0".
bool parse_filters(std::string_view json, FilterSettings& out, std::string& error);

// Lavalink's echo: present filters only, every field of a present filter written out.
// pluginFilters is left out, as Lavalink drops entries no installed plugin claims.
std::string to_json(const FilterSettings& settings);

// Whether the filter is present and not at its neutral setting (Lavalink's isEnabled).
bool volume_active(const FilterParams& s);
bool equalizer_active(const FilterParams& s);
bool karaoke_active(const FilterParams& s);
bool timescale_active(const FilterParams& s);
bool tremolo_active(const FilterParams& s);
bool vibrato_active(const FilterParams& s);
bool rotation_active(const FilterParams& s);
bool distortion_active(const FilterParams& s);
bool channel_mix_active(const FilterParams& s);
bool low_pass_active(const FilterParams& s);

}  // namespace lava::filters
