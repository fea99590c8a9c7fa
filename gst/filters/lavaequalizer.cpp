/**
 * SECTION:element-lavaequalizer
 * @title: lavaequalizer
 *
 * Lavalink's `filters.equalizer`: 15 band-pass biquads in parallel (25 Hz … 16 kHz, 2/3 octave
 * wide), output = clamp(4 * (0.25 * x + sum(gain_i * band_i(x))), -1, 1). Gains run from -0.25
 * (band muted) through 0 (unchanged) to 1.0; 0.25 doubles a band. The coefficients are designed
 * for the stream's rate (lavaplayer only has 48 kHz). All gains 0 is passthrough. Set the gains
 * one at a time by index (band0 … band14) or all at once with `bands`: a string of up to 15
 * gains ("0.3 0.2 …" or GStreamer's array syntax "<0.3, 0.2, …>"), or a GstValueArray of numbers
 * through g_object_set_property() (GStreamer turns it into the array syntax, six decimals).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 audiotestsrc wave=white-noise ! audio/x-raw,format=F32LE ! lavaequalizer
 * bands="0.3 0.3 0.2 0 0 0 0 0 0 0 0 0 -0.1 -0.2 -0.25" ! audioconvert ! autoaudiosink
 * ]|
 */
#include "lavaequalizer.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "gobject_ptr.h"

using lava::filters::FilterParams;
using lava::filters::kEqualizerBands;

struct _LavaEqualizer {
  LavaFilterElement parent;
};

G_DEFINE_TYPE(LavaEqualizer, lava_equalizer, LAVA_TYPE_FILTER_ELEMENT)
GST_ELEMENT_REGISTER_DEFINE(lavaequalizer, "lavaequalizer", GST_RANK_NONE, LAVA_TYPE_EQUALIZER)

namespace {

constexpr const char* kNames[kEqualizerBands] = {"band0",  "band1",  "band2",  "band3",  "band4",
                                                 "band5",  "band6",  "band7",  "band8",  "band9",
                                                 "band10", "band11", "band12", "band13", "band14"};
constexpr const char* kBlurbs[kEqualizerBands] = {
    "Gain of the 25 Hz band",   "Gain of the 40 Hz band",   "Gain of the 63 Hz band",
    "Gain of the 100 Hz band",  "Gain of the 160 Hz band",  "Gain of the 250 Hz band",
    "Gain of the 400 Hz band",  "Gain of the 630 Hz band",  "Gain of the 1 kHz band",
    "Gain of the 1.6 kHz band", "Gain of the 2.5 kHz band", "Gain of the 4 kHz band",
    "Gain of the 6.3 kHz band", "Gain of the 10 kHz band",  "Gain of the 16 kHz band"};

template <std::size_t B>
constexpr LavaFilterProperty band_property() {
  return {kNames[B],
          kNames[B],
          kBlurbs[B],
          -0.25,
          1.0,
          0.0,
          [](const FilterParams& p) { return double(p.equalizer_gains[B]); },
          [](FilterParams& p, double v) { p.equalizer_gains[B] = static_cast<float>(v); }};
}

template <std::size_t... B>
constexpr std::array<LavaFilterProperty, sizeof...(B)> band_properties(std::index_sequence<B...>) {
  return {band_property<B>()...};
}

const auto kProperties = band_properties(std::make_index_sequence<kEqualizerBands>());
const guint kPropBands = kEqualizerBands + 1;

void enable(FilterParams& p) {
  p.has_equalizer = true;
}

bool separator(char c) {
  return c == ' ' || c == ',' || c == '\t';
}

// "g0 g1 ..." (spaces or commas), or GStreamer's array syntax "<g0, g1, ...>" with optional
// "(double)"-style type prefixes: what gst-launch passes for bands="<...>" and what a GstValueArray
// set with g_object_set_property() turns into. Up to 15 gains, missing ones 0. False if any is
// not a number in range.
bool parse_bands(const char* text, std::array<float, kEqualizerBands>& gains) {
  gains.fill(0.0f);
  std::string_view rest = text != nullptr ? text : "";
  auto skip_separators = [&] {
    while (!rest.empty() && separator(rest.front())) rest.remove_prefix(1);
    while (!rest.empty() && separator(rest.back())) rest.remove_suffix(1);
  };
  skip_separators();
  if (!rest.empty() && rest.front() == '<') {
    if (rest.back() != '>') return false;
    rest = rest.substr(1, rest.size() - 2);
  }
  const std::string numbers(rest);
  const char* p = numbers.c_str();
  for (int b = 0;; ++b) {
    while (separator(*p)) ++p;
    if (*p == '\0') return true;
    if (*p == '(') {
      const char* close = std::strchr(p, ')');
      if (close == nullptr) return false;
      p = close + 1;
    }
    char* end = nullptr;
    const double v = std::strtod(p, &end);
    if (b >= kEqualizerBands || end == p || !(v >= -0.25 && v <= 1.0)) return false;
    gains[static_cast<std::size_t>(b)] = static_cast<float>(v);
    p = end;
    if (*p != '\0' && !separator(*p)) return false;
  }
}

}  // namespace

static void lava_equalizer_set_property(GObject* object, guint id, const GValue* value,
                                        GParamSpec* pspec) {
  if (id != kPropBands) {
    lava_filter_element_set_property(object, id, value, pspec);
    return;
  }
  std::array<float, kEqualizerBands> gains;
  if (!parse_bands(g_value_get_string(value), gains)) {
    GST_ELEMENT_WARNING(object, LIBRARY, SETTINGS,
                        ("bands must be up to 15 gains between -0.25 and 1.0"),
                        ("rejected bands \"%s\"", g_value_get_string(value)));
    return;
  }
  lava_filter_element_update(LAVA_FILTER_ELEMENT(object), [&](FilterParams& p) {
    p.equalizer_gains = gains;
    return true;
  });
}

static void lava_equalizer_get_property(GObject* object, guint id, GValue* value,
                                        GParamSpec* pspec) {
  if (id != kPropBands) {
    lava_filter_element_get_property(object, id, value, pspec);
    return;
  }
  const FilterParams p = lava_filter_element_params(LAVA_FILTER_ELEMENT(object));
  std::string text;
  for (float g : p.equalizer_gains) {
    lava::GCharPtr number(g_strdup_printf("%g", static_cast<double>(g)));
    text += (text.empty() ? "" : " ") + std::string(number.get());
  }
  g_value_set_string(value, text.c_str());
}

static void lava_equalizer_class_init(LavaEqualizerClass* klass) {
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  lava_filter_element_class_install_properties(LAVA_FILTER_ELEMENT_CLASS(klass), kProperties.data(),
                                               kProperties.size(), enable);
  gobject_class->set_property = lava_equalizer_set_property;
  gobject_class->get_property = lava_equalizer_get_property;
  g_object_class_install_property(
      gobject_class, kPropBands,
      g_param_spec_string("bands", "Bands",
                          "All 15 gains (-0.25 to 1.0, 0 = unchanged) separated by spaces or "
                          "commas, or as an array \"<g0, g1, ...>\" (a GstValueArray also "
                          "works), lowest band first; missing ones are 0",
                          "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
                          static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                   GST_PARAM_MUTABLE_PLAYING)));
  gst_element_class_set_static_metadata(
      GST_ELEMENT_CLASS(klass), "Lavalink equalizer", "Filter/Effect/Audio",
      "Lavalink's 15-band equalizer: parallel band-pass biquads designed for any rate",
      "gst-lavalink developers");
  lava_filter_element_class_add_templates(GST_ELEMENT_CLASS(klass), "[ 1, MAX ]");
}

static void lava_equalizer_init(LavaEqualizer*) {}
