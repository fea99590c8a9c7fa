// Fusion rule: a run of single-filter Lavalink elements (lavaequalizer, lavatimescale, …,
// lavavolume) becomes one lavafilters whose `filters` JSON holds every element's settings.
//
// lavafilters always runs its filters in Lavalink's chain order, so a run only fuses when its
// nodes already stand in that order (each filter at most once): then both graphs do the same
// arithmetic on the same samples.
#include <gst/gst.h>

#include <algorithm>
#include <optional>

#include "fusion_rules.h"
#include "gobject_ptr.h"
#include "graph_edit.h"
#include "property_value.h"

namespace lava::pipelines {

namespace {

struct Member {
  std::string_view factory;
  std::string_view key;  // in the filters JSON
  bool stereo_only;      // the element only takes 2 channels; lavafilters skips it on others
};

// The order audio flows through Lavalink's FilterChain (gst/filters/dsp/filter_chain.h).
constexpr Member kChainOrder[] = {
    {"lavalowpass", "lowPass", false},     {"lavachannelmix", "channelMix", true},
    {"lavarotation", "rotation", true},    {"lavadistortion", "distortion", false},
    {"lavavibrato", "vibrato", false},     {"lavatremolo", "tremolo", false},
    {"lavatimescale", "timescale", false}, {"lavakaraoke", "karaoke", true},
    {"lavaequalizer", "equalizer", false}, {"lavavolume", "volume", false},
};

// Position of the node's factory in the chain order, if it is a plain (caps-free unless `last`,
// not optional) single-filter node.
std::optional<std::size_t> chain_index(const NodeSpec* node, bool last = false) {
  if (!node || node->optional || (!last && !node->caps.empty())) return std::nullopt;
  for (std::size_t i = 0; i < std::size(kChainOrder); ++i)
    if (kChainOrder[i].factory == node->factory) return i;
  return std::nullopt;
}

// "rotation-hz" → "rotationHz"
std::string camel(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '-' && i + 1 < name.size())
      out += static_cast<char>(g_ascii_toupper(name[++i]));
    else
      out += name[i];
  }
  return out;
}

std::string number(double value) {
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  return g_ascii_dtostr(buffer, sizeof buffer, value);
}

// The filters-JSON member for one node, read back from an element built with the node's
// properties, so values are checked and converted exactly as the unfused graph would do it
// (the equalizer's `bands` text included). nullopt when the element refuses a property: the
// unfused build then reports that error at its place in the file.
std::optional<std::string> json_member(const NodeSpec& node, const Member& member) {
  Diagnostics scratch("");
  auto element = make_element(node.factory, node.factory_mark, "", node.properties, scratch);
  if (!element) return std::nullopt;
  guint n = 0;
  GParamSpec** specs = g_object_class_list_properties(G_OBJECT_GET_CLASS(element.get()), &n);
  std::string fields, bands;
  for (guint i = 0; i < n; ++i) {
    if (specs[i]->value_type != G_TYPE_DOUBLE || !(specs[i]->flags & G_PARAM_READABLE)) continue;
    double value = 0;
    g_object_get(element.get(), specs[i]->name, &value, nullptr);
    const std::string name = specs[i]->name;
    if (member.key == "equalizer") {
      bands += std::string(bands.empty() ? "" : ",") + "{\"band\":" + name.substr(4) +
               ",\"gain\":" + number(value) + "}";
    } else {
      fields += std::string(fields.empty() ? "" : ",") + "\"" + camel(name) + "\":" + number(value);
    }
  }
  g_free(specs);
  const std::string key = "\"" + std::string(member.key) + "\":";
  if (member.key == "equalizer") return key + "[" + bands + "]";
  if (member.key == "volume") return key + fields.substr(fields.find(':') + 1);
  return key + "{" + fields + "}";
}

// Whether lavafilters takes `json` whole: a rejected object leaves its echo without our keys.
bool lavafilters_accepts(const std::string& json, const std::vector<std::string_view>& keys) {
  auto probe = adopt_gst(gst_element_factory_make("lavafilters", nullptr));
  if (!probe) return false;
  g_object_set(probe.get(), "filters", json.c_str(), nullptr);
  gchar* echo = nullptr;
  g_object_get(probe.get(), "filters", &echo, nullptr);
  GCharPtr owned(echo);
  const std::string_view text(echo ? echo : "");
  return std::all_of(keys.begin(), keys.end(), [&](std::string_view key) {
    return text.find("\"" + std::string(key) + "\"") != std::string_view::npos;
  });
}

// The node that feeds `node` through a plain link and stands before it in the chain order: when
// there is one, a run through `node` starts earlier.
bool continues_a_run(PipelineSpec& spec, const NodeSpec& node, std::size_t index) {
  auto in = links_into(spec, node.id);
  if (in.size() != 1) return false;
  NodeSpec* before = spec.node(in[0]->from.node);
  if (!before || plain_successor(spec, before->id) != &node) return false;
  auto before_index = chain_index(before);
  return before_index && *before_index < index;
}

}  // namespace

bool fuse_lava_filters(PipelineSpec& spec, NodeSpec& first, std::vector<std::string>& notes) {
  auto index = chain_index(&first);
  if (!index || continues_a_run(spec, first, *index)) return false;
  std::vector<NodeSpec*> run = {&first};
  for (NodeSpec* next = plain_successor(spec, first.id); next;
       next = plain_successor(spec, next->id)) {
    auto next_index = chain_index(next, true);
    if (!next_index || *next_index <= *index) break;
    run.push_back(next);
    index = next_index;
    if (!next->caps.empty()) break;  // its caps filter ends the run
  }
  if (run.size() < 2) return false;

  std::string json;
  std::vector<std::string_view> keys;
  bool stereo = false;
  for (const NodeSpec* node : run) {
    const Member& member = kChainOrder[*chain_index(node, true)];
    auto field = json_member(*node, member);
    if (!field) return false;
    json += (json.empty() ? "" : ",") + *field;
    keys.push_back(member.key);
    stereo = stereo || member.stereo_only;
  }
  json = "{" + json + "}";
  if (!lavafilters_accepts(json, keys)) return false;

  const NodeSpec& last = *run.back();
  NodeSpec fused;
  fused.id = last.id;
  fused.mark = last.mark;
  fused.factory = "lavafilters";
  fused.factory_mark = last.factory_mark;
  fused.caps = last.caps;
  fused.caps_mark = last.caps_mark;
  // A stereo-only element in the run refused anything but 2 channels; lavafilters would take them
  // and skip that filter, so the fused node keeps the restriction.
  if (stereo) {
    GstCapsPtr wanted(gst_caps_from_string(last.caps.empty() ? "audio/x-raw" : last.caps.c_str()));
    GstCapsPtr two(gst_caps_from_string("audio/x-raw,channels=2"));
    GstCapsPtr both(gst_caps_intersect(wanted.get(), two.get()));
    if (gst_caps_is_empty(both.get())) return false;
    GCharPtr text(gst_caps_to_string(both.get()));
    fused.caps = text.get();
  }
  PropertySpec filters;
  filters.name = "filters";
  filters.mark = first.mark;
  filters.value.mark = first.mark;
  filters.value.scalar = json;
  filters.value.plain = false;
  fused.properties.push_back(std::move(filters));
  for (const NodeSpec* node : run) fused.fused_from.push_back(node->id);
  notes.push_back("fused " + join(fused.fused_from) + " into lavafilters '" + fused.id + "'");
  const std::vector<std::string> ids = fused.fused_from;
  replace_run(spec, ids, std::move(fused));
  return true;
}

}  // namespace lava::pipelines
