// to_json(): Lavalink's echo of a filters object. Floats print as the shortest text that reads
// back to the same float, like Kotlin's Float.toString, so 0.2 stays "0.2" (not 0.2000000029...).
#include <charconv>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "filters_json.h"

namespace lava::filters {

namespace {

template <typename T>
std::string number(T value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  std::string text(buf, ec == std::errc() ? end : buf);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

using Field = std::pair<const char*, std::string>;

template <typename Fields>
std::string join(const Fields& fields) {
  std::string out = "{";
  for (const Field& f : fields) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += f.first;
    out += "\":";
    out += f.second;
  }
  return out + "}";
}

std::string object(std::initializer_list<Field> fields) {
  return join(fields);
}

std::string equalizer(const FilterSettings& s) {
  std::string out = "[";
  for (const EqualizerBand& b : s.equalizer_bands) {
    if (out.size() > 1) out += ',';
    out += object({{"band", std::to_string(b.band)}, {"gain", number(b.gain)}});
  }
  return out + "]";
}

}  // namespace

std::string to_json(const FilterSettings& s) {
  std::vector<Field> fields;
  auto add = [&fields](const char* name, std::string value) {
    fields.emplace_back(name, std::move(value));
  };
  if (s.has_volume) add("volume", number(s.volume));
  if (s.has_equalizer) add("equalizer", equalizer(s));
  const Karaoke& k = s.karaoke;
  if (s.has_karaoke)
    add("karaoke", object({{"level", number(k.level)},
                           {"monoLevel", number(k.mono_level)},
                           {"filterBand", number(k.filter_band)},
                           {"filterWidth", number(k.filter_width)}}));
  const Timescale& t = s.timescale;
  if (s.has_timescale)
    add("timescale",
        object({{"speed", number(t.speed)}, {"pitch", number(t.pitch)}, {"rate", number(t.rate)}}));
  if (s.has_tremolo)
    add("tremolo",
        object({{"frequency", number(s.tremolo.frequency)}, {"depth", number(s.tremolo.depth)}}));
  if (s.has_vibrato)
    add("vibrato",
        object({{"frequency", number(s.vibrato.frequency)}, {"depth", number(s.vibrato.depth)}}));
  const Distortion& d = s.distortion;
  if (s.has_distortion)
    add("distortion", object({{"sinOffset", number(d.sin_offset)},
                              {"sinScale", number(d.sin_scale)},
                              {"cosOffset", number(d.cos_offset)},
                              {"cosScale", number(d.cos_scale)},
                              {"tanOffset", number(d.tan_offset)},
                              {"tanScale", number(d.tan_scale)},
                              {"offset", number(d.offset)},
                              {"scale", number(d.scale)}}));
  if (s.has_rotation) add("rotation", object({{"rotationHz", number(s.rotation.rotation_hz)}}));
  const ChannelMix& m = s.channel_mix;
  if (s.has_channel_mix)
    add("channelMix", object({{"leftToLeft", number(m.left_to_left)},
                              {"leftToRight", number(m.left_to_right)},
                              {"rightToLeft", number(m.right_to_left)},
                              {"rightToRight", number(m.right_to_right)}}));
  if (s.has_low_pass) add("lowPass", object({{"smoothing", number(s.low_pass.smoothing)}}));
  return join(fields);
}

}  // namespace lava::filters
