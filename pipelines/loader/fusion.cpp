#include "fusion.h"

#include <gst/gst.h>

#include <algorithm>

#include "fusion_rules.h"
#include "gobject_ptr.h"
#include "graph_edit.h"

namespace lava::pipelines {

NodeSpec* plain_successor(PipelineSpec& spec, const std::string& id) {
  auto out = links_out_of(spec, id);
  if (out.size() != 1 || !out[0]->from.pad.empty() || !out[0]->to.pad.empty() ||
      !out[0]->caps.empty())
    return nullptr;
  if (links_into(spec, out[0]->to.node).size() != 1) return nullptr;
  return spec.node(out[0]->to.node);
}

bool is(const NodeSpec* node, std::string_view factory) {
  return node && node->factory == factory && node->caps.empty() && !node->optional;
}

std::string join(const std::vector<std::string>& ids) {
  std::string text;
  for (const auto& id : ids) text += (text.empty() ? "" : ", ") + id;
  return text;
}

namespace {

bool only_properties(const NodeSpec& node, std::initializer_list<std::string_view> allowed) {
  return std::all_of(node.properties.begin(), node.properties.end(), [&](const PropertySpec& p) {
    return std::find(allowed.begin(), allowed.end(), p.name) != allowed.end();
  });
}

// --- audioconvert → audioresample → [volume] → audioconvert (F32 mono) ---------------------

// The caps the run's last node must produce: F32LE, mono, interleaved; other fields are free.
bool mono_f32(const std::string& text) {
  GstCapsPtr caps(gst_caps_from_string(text.c_str()));
  if (!caps || gst_caps_get_size(caps.get()) != 1) return false;
  GstStructure* s = gst_caps_get_structure(caps.get(), 0);
  const char* format = gst_structure_get_string(s, "format");
  const char* layout = gst_structure_get_string(s, "layout");
  int channels = 0;
  return gst_structure_has_name(s, "audio/x-raw") && format &&
         std::string_view(format) == "F32LE" &&
         (!layout || std::string_view(layout) == "interleaved") &&
         gst_structure_get_int(s, "channels", &channels) && channels == 1;
}

// Moves `volume` from between `before` and `after` to right behind `after`. Volume is linear, so
// scaling before or after the downmix and resampling gives the same samples.
void move_volume_after(PipelineSpec& spec, const std::string& before, const std::string& volume,
                       const std::string& after) {
  for (auto* link : links_out_of(spec, before)) link->to.node = after;
  for (auto* link : links_out_of(spec, after)) link->from.node = volume;
  std::erase_if(spec.links,
                [&](const LinkSpec& l) { return l.from.node == volume && l.to.node == after; });
  LinkSpec link;
  link.from.node = after;
  link.to.node = volume;
  spec.links.push_back(link);
}

}  // namespace

bool fuse_resample(PipelineSpec& spec, NodeSpec& first, std::vector<std::string>& notes) {
  if (!is(&first, "audioconvert") || !first.properties.empty()) return false;
  NodeSpec* resample = plain_successor(spec, first.id);
  if (!is(resample, "audioresample") || !only_properties(*resample, {"quality"})) return false;
  NodeSpec* next = plain_successor(spec, resample->id);
  NodeSpec* volume = nullptr;
  if (is(next, "volume") && only_properties(*next, {"volume", "mute"})) {
    volume = next;
    next = plain_successor(spec, volume->id);
  }
  if (!next || next->factory != "audioconvert" || !next->properties.empty() || next->optional)
    return false;
  std::string caps = next->caps;
  if (caps.empty()) {
    auto out = links_out_of(spec, next->id);
    if (out.size() == 1 && out[0]->from.pad.empty()) caps = out[0]->caps;
  }
  if (!mono_f32(caps)) return false;

  std::vector<std::string> run = {first.id, resample->id, next->id};
  NodeSpec fused;
  fused.id = next->id;
  fused.mark = next->mark;
  fused.factory = "resamplenormmono";
  fused.factory_mark = next->factory_mark;
  fused.caps = next->caps;
  fused.caps_mark = next->caps_mark;
  if (const PropertySpec* quality = resample->property("quality"))
    fused.properties.push_back(*quality);
  fused.fused_from = run;
  if (volume) move_volume_after(spec, resample->id, volume->id, next->id);
  notes.push_back("fused " + join(run) + " into resamplenormmono '" + fused.id + "'" +
                  (volume ? " (volume '" + volume->id + "' now follows it)" : ""));
  replace_run(spec, run, std::move(fused));
  return true;
}

void fuse(PipelineSpec& spec, std::vector<std::string>& notes) {
  const bool resample = factory_installed("resamplenormmono");
  const bool filters = factory_installed("lavafilters");
  // Each rewrite changes the node list, so start over after one until nothing matches.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& node : spec.nodes) {
      changed = (resample && fuse_resample(spec, node, notes)) ||
                (filters && fuse_lava_filters(spec, node, notes));
      if (changed) break;
    }
  }
}

}  // namespace lava::pipelines
