#include "graph_edit.h"

#include <gst/gst.h>

#include <algorithm>

#include "gobject_ptr.h"

namespace lava::pipelines {

namespace {

std::vector<LinkSpec*> links_where(PipelineSpec& spec, const std::string& id, bool into) {
  std::vector<LinkSpec*> found;
  for (auto& link : spec.links)
    if ((into ? link.to.node : link.from.node) == id) found.push_back(&link);
  return found;
}

void erase_node(PipelineSpec& spec, const std::string& id) {
  std::erase_if(spec.nodes, [&](const NodeSpec& n) { return n.id == id; });
}

}  // namespace

bool factory_installed(const std::string& factory) {
  GstObjectPtr<GstElementFactory> found(gst_element_factory_find(factory.c_str()));
  return found != nullptr;
}

std::vector<LinkSpec*> links_into(PipelineSpec& spec, const std::string& id) {
  return links_where(spec, id, true);
}

std::vector<LinkSpec*> links_out_of(PipelineSpec& spec, const std::string& id) {
  return links_where(spec, id, false);
}

void replace_run(PipelineSpec& spec, const std::vector<std::string>& run, NodeSpec replacement) {
  auto inside = [&](const std::string& id) {
    return std::find(run.begin(), run.end(), id) != run.end();
  };
  std::erase_if(spec.links,
                [&](const LinkSpec& l) { return inside(l.from.node) && inside(l.to.node); });
  for (auto& link : spec.links) {
    if (link.to.node == run.front()) link.to.node = replacement.id;
    if (link.from.node == run.back()) link.from.node = replacement.id;
  }
  // The replacement takes the place of the run's first node, so dumps keep the file's order.
  auto at = std::find_if(spec.nodes.begin(), spec.nodes.end(),
                         [&](const NodeSpec& n) { return n.id == run.front(); });
  std::size_t index = static_cast<std::size_t>(at - spec.nodes.begin());
  for (const auto& id : run) erase_node(spec, id);
  spec.nodes.insert(spec.nodes.begin() + static_cast<std::ptrdiff_t>(index),
                    std::move(replacement));
}

bool drop_missing_optional_nodes(PipelineSpec& spec, std::vector<std::string>& notes,
                                 Diagnostics& diag) {
  std::vector<std::string> missing;
  for (const auto& node : spec.nodes)
    if (node.optional && !factory_installed(node.factory)) missing.push_back(node.id);
  for (const auto& id : missing) {
    auto in = links_into(spec, id), out = links_out_of(spec, id);
    const NodeSpec& node = *spec.node(id);
    bool named_pads =
        (!out.empty() && !out[0]->from.pad.empty()) || (!in.empty() && !in[0]->to.pad.empty());
    if (in.size() > 1 || out.size() > 1 || named_pads)
      return diag.fail(node.factory_mark, "optional node '" + id + "' (" + node.factory +
                                              " is not installed) can only be left out when it "
                                              "has at most one plain input and output link");
    notes.push_back("left out optional node '" + id + "': " + node.factory + " is not installed");
    if (!in.empty() && !out.empty()) {
      // The link into the node now runs to the node's successor, keeping any caps on either.
      LinkSpec joined = *in[0];
      joined.to = out[0]->to;
      if (joined.caps.empty()) {
        joined.caps = node.caps.empty() ? out[0]->caps : node.caps;
        joined.caps_mark = node.caps.empty() ? out[0]->caps_mark : node.caps_mark;
      }
      *in[0] = joined;
    }
    std::erase_if(spec.links,
                  [&](const LinkSpec& l) { return l.from.node == id || l.to.node == id; });
    erase_node(spec, id);
  }
  return true;
}

}  // namespace lava::pipelines
