#include "filters_json.h"

#include <json-glib/json-glib.h>

#include <cmath>
#include <functional>
#include <optional>

#include "gobject_ptr.h"

namespace lava::filters {

namespace {

// A numeric range check: the predicate and the words that complete "<field> must be ...".
struct Range {
  std::function<bool(double)> ok;
  const char* says;
};

const Range kAny{[](double) { return true; }, "finite"};
const Range kPositive{[](double v) { return v > 0; }, "> 0"};
const Range kUnit{[](double v) { return v >= 0 && v <= 1; }, "between 0 and 1"};
const Range kDepth{[](double v) { return v > 0 && v <= 1; }, "> 0 and <= 1"};
const Range kTimescale{[](double v) { return v > 0 && v <= 10; }, "> 0 and <= 10"};

// Reads the members of one JSON object, recording the first error with the field's full path.
class ObjectReader {
 public:
  ObjectReader(JsonObject* object, std::string path, std::string& error)
      : object_(object), path_(std::move(path)), error_(error) {}

  // Omitted member: leaves `out` at its default. Returns false once an error is recorded.
  template <typename T>
  bool number(const char* name, T& out, const Range& range) {
    if (!error_.empty()) return false;
    JsonNode* node = json_object_get_member(object_, name);
    if (node == nullptr) return true;
    const std::string field = path_ + "." + name;
    std::optional<double> v = as_number(node);
    if (!v) return fail(field + " must be a number");
    if (!std::isfinite(*v) || !std::isfinite(static_cast<T>(*v)))
      return fail(field + " must be finite");
    if (!range.ok(*v)) return fail(field + " must be " + range.says);
    out = static_cast<T>(*v);
    return true;
  }

  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  static std::optional<double> as_number(JsonNode* node) {
    if (!JSON_NODE_HOLDS_VALUE(node)) return std::nullopt;
    const GType type = json_node_get_value_type(node);
    if (type == G_TYPE_DOUBLE) return json_node_get_double(node);
    if (type == G_TYPE_INT64) return static_cast<double>(json_node_get_int(node));
    return std::nullopt;
  }

 private:
  JsonObject* object_;
  std::string path_;
  std::string& error_;
};

// Looks up an object-valued filter. Returns nullptr when absent or null (filter off); records an
// error when present with another type.
JsonObject* filter_object(JsonObject* root, const char* name, std::string& error) {
  JsonNode* node = json_object_get_member(root, name);
  if (node == nullptr || JSON_NODE_HOLDS_NULL(node)) return nullptr;
  if (!JSON_NODE_HOLDS_OBJECT(node)) {
    error = std::string("filters.") + name + " must be an object or null";
    return nullptr;
  }
  return json_node_get_object(node);
}

bool parse_volume(JsonObject* root, FilterSettings& s, std::string& error) {
  JsonNode* node = json_object_get_member(root, "volume");
  if (node == nullptr) return true;
  s.has_volume = true;
  ObjectReader r(root, "filters", error);
  return r.number("volume", s.volume,
                  Range{[](double v) { return v >= 0 && v <= 5; }, "between 0.0 and 5.0"});
}

bool parse_band(JsonNode* node, const std::string& path, FilterSettings& s, std::string& error) {
  if (!JSON_NODE_HOLDS_OBJECT(node)) {
    error = path + " must be an object";
    return false;
  }
  JsonObject* o = json_node_get_object(node);
  JsonNode* band = json_object_get_member(o, "band");
  if (band == nullptr || !JSON_NODE_HOLDS_VALUE(band) ||
      json_node_get_value_type(band) != G_TYPE_INT64) {
    error = path + ".band must be an integer";
    return false;
  }
  const gint64 index = json_node_get_int(band);
  if (index < 0 || index >= kEqualizerBands) {
    error = path + ".band must be between 0 and 14";
    return false;
  }
  EqualizerBand b{static_cast<int>(index), 1.0f};
  ObjectReader r(o, path, error);
  if (!r.number("gain", b.gain,
                Range{[](double v) { return v >= -0.25 && v <= 1.0; }, "between -0.25 and 1.0"}))
    return false;
  s.equalizer_bands.push_back(b);
  s.equalizer_gains[static_cast<std::size_t>(b.band)] = b.gain;
  return true;
}

bool parse_equalizer(JsonObject* root, FilterSettings& s, std::string& error) {
  JsonNode* node = json_object_get_member(root, "equalizer");
  if (node == nullptr) return true;
  if (!JSON_NODE_HOLDS_ARRAY(node)) {
    error = "filters.equalizer must be an array";
    return false;
  }
  s.has_equalizer = true;
  JsonArray* bands = json_node_get_array(node);
  for (guint i = 0; i < json_array_get_length(bands); ++i) {
    const std::string path = "filters.equalizer[" + std::to_string(i) + "]";
    if (!parse_band(json_array_get_element(bands, i), path, s, error)) return false;
  }
  return true;
}

// Parses one object-valued filter with `read`, setting `present` when it is there.
template <typename Read>
bool parse_object(JsonObject* root, const char* name, bool& present, std::string& error,
                  Read read) {
  JsonObject* o = filter_object(root, name, error);
  if (!error.empty()) return false;
  if (o == nullptr) return true;
  present = true;
  ObjectReader r(o, std::string("filters.") + name, error);
  read(r);
  return error.empty();
}

bool parse_objects(JsonObject* root, FilterSettings& s, std::string& error) {
  return parse_object(root, "karaoke", s.has_karaoke, error,
                      [&](ObjectReader& r) {
                        auto& k = s.karaoke;
                        r.number("level", k.level, kUnit);
                        r.number("monoLevel", k.mono_level, kUnit);
                        r.number("filterBand", k.filter_band, kPositive);
                        r.number("filterWidth", k.filter_width, kPositive);
                      }) &&
         parse_object(root, "timescale", s.has_timescale, error,
                      [&](ObjectReader& r) {
                        r.number("speed", s.timescale.speed, kTimescale);
                        r.number("pitch", s.timescale.pitch, kTimescale);
                        r.number("rate", s.timescale.rate, kTimescale);
                      }) &&
         parse_object(root, "tremolo", s.has_tremolo, error,
                      [&](ObjectReader& r) {
                        r.number("frequency", s.tremolo.frequency, kPositive);
                        r.number("depth", s.tremolo.depth, kDepth);
                      }) &&
         parse_object(root, "vibrato", s.has_vibrato, error,
                      [&](ObjectReader& r) {
                        r.number("frequency", s.vibrato.frequency,
                                 Range{[](double v) { return v > 0 && v <= 14; }, "> 0 and <= 14"});
                        r.number("depth", s.vibrato.depth, kDepth);
                      }) &&
         parse_object(
             root, "rotation", s.has_rotation, error,
             [&](ObjectReader& r) { r.number("rotationHz", s.rotation.rotation_hz, kAny); }) &&
         parse_object(root, "distortion", s.has_distortion, error,
                      [&](ObjectReader& r) {
                        auto& d = s.distortion;
                        r.number("sinOffset", d.sin_offset, kAny);
                        r.number("sinScale", d.sin_scale, kAny);
                        r.number("cosOffset", d.cos_offset, kAny);
                        r.number("cosScale", d.cos_scale, kAny);
                        r.number("tanOffset", d.tan_offset, kAny);
                        r.number("tanScale", d.tan_scale, kAny);
                        r.number("offset", d.offset, kAny);
                        r.number("scale", d.scale, kAny);
                      }) &&
         parse_object(root, "channelMix", s.has_channel_mix, error,
                      [&](ObjectReader& r) {
                        auto& m = s.channel_mix;
                        r.number("leftToLeft", m.left_to_left, kUnit);
                        r.number("leftToRight", m.left_to_right, kUnit);
                        r.number("rightToLeft", m.right_to_left, kUnit);
                        r.number("rightToRight", m.right_to_right, kUnit);
                      }) &&
         parse_object(root, "lowPass", s.has_low_pass, error,
                      [&](ObjectReader& r) { r.number("smoothing", s.low_pass.smoothing, kAny); });
}

bool parse_plugin_filters(JsonObject* root, FilterSettings& s, std::string& error) {
  JsonNode* node = json_object_get_member(root, "pluginFilters");
  if (node == nullptr) return true;
  if (!JSON_NODE_HOLDS_OBJECT(node)) {
    error = "filters.pluginFilters must be an object";
    return false;
  }
  GCharPtr text(json_to_string(node, FALSE));
  s.plugin_filters = text.get();
  return true;
}

}  // namespace

bool parse_filters(std::string_view json, FilterSettings& out, std::string& error) {
  error.clear();
  GObjectPtr<JsonParser> parser(json_parser_new());
  GError* raw_error = nullptr;
  if (!json_parser_load_from_data(parser.get(), json.data(), static_cast<gssize>(json.size()),
                                  &raw_error)) {
    GErrorPtr owned(raw_error);
    error = std::string("filters is not valid JSON: ") + owned->message;
    return false;
  }
  JsonNode* root = json_parser_get_root(parser.get());
  if (root == nullptr || !JSON_NODE_HOLDS_OBJECT(root)) {
    error = "filters must be a JSON object";
    return false;
  }
  JsonObject* object = json_node_get_object(root);
  FilterSettings parsed;
  if (!parse_volume(object, parsed, error) || !parse_equalizer(object, parsed, error) ||
      !parse_objects(object, parsed, error) || !parse_plugin_filters(object, parsed, error))
    return false;
  out = std::move(parsed);
  return true;
}

bool volume_active(const FilterParams& s) {
  return s.has_volume && s.volume != 1.0f;
}

bool equalizer_active(const FilterParams& s) {
  if (!s.has_equalizer) return false;
  for (float g : s.equalizer_gains)
    if (g != 0.0f) return true;
  return false;
}

// Level 0 leaves the signal untouched (l - 0·r + 0), so it is neutral too.
bool karaoke_active(const FilterParams& s) {
  return s.has_karaoke && s.karaoke.level != 0.0f;
}

bool timescale_active(const FilterParams& s) {
  const Timescale& t = s.timescale;
  return s.has_timescale && (t.speed != 1.0 || t.pitch != 1.0 || t.rate != 1.0);
}

bool tremolo_active(const FilterParams& s) {
  return s.has_tremolo;
}
bool vibrato_active(const FilterParams& s) {
  return s.has_vibrato;
}
bool rotation_active(const FilterParams& s) {
  return s.has_rotation && s.rotation.rotation_hz != 0.0;
}

bool distortion_active(const FilterParams& s) {
  const Distortion& d = s.distortion;
  return s.has_distortion &&
         (d.sin_offset != 0 || d.sin_scale != 1 || d.cos_offset != 0 || d.cos_scale != 1 ||
          d.tan_offset != 0 || d.tan_scale != 1 || d.offset != 0 || d.scale != 1);
}

bool channel_mix_active(const FilterParams& s) {
  const ChannelMix& m = s.channel_mix;
  return s.has_channel_mix && (m.left_to_left != 1 || m.left_to_right != 0 ||
                               m.right_to_left != 0 || m.right_to_right != 1);
}

bool low_pass_active(const FilterParams& s) {
  return s.has_low_pass && s.low_pass.smoothing > 1.0f;
}

}  // namespace lava::filters
