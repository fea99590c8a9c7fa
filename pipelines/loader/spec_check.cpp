// The graph checks of spec_parse.h that need no GStreamer.
#include <algorithm>
#include <map>
#include <vector>

#include "spec_parse.h"

namespace lava::pipelines {

namespace {

struct CycleSearch {
  const PipelineSpec& spec;
  std::map<std::string, int> state;  // 0 unseen, 1 on the current path, 2 done
  std::vector<std::string> path;
  const LinkSpec* closing = nullptr;

  bool visit(const std::string& id) {
    state[id] = 1;
    path.push_back(id);
    for (const auto& link : spec.links) {
      if (link.from.node != id) continue;
      int s = state[link.to.node];
      if (s == 1) {
        closing = &link;
        path.push_back(link.to.node);
        return true;
      }
      if (s == 0 && visit(link.to.node)) return true;
    }
    path.pop_back();
    state[id] = 2;
    return false;
  }

  std::string describe() const {
    // The path runs from the search's start; the cycle begins where its last node first appears.
    auto start = std::find(path.begin(), path.end(), path.back());
    std::string text;
    for (auto it = start; it != path.end(); ++it) text += (text.empty() ? "" : " -> ") + *it;
    return text;
  }
};

}  // namespace

bool check_graph(const PipelineSpec& spec, Diagnostics& diag) {
  for (const auto& link : spec.links)
    for (const Endpoint* end : {&link.from, &link.to})
      if (!spec.node(end->node))
        return diag.fail(end->mark, "dangling link: there is no node '" + end->node + "'");
  CycleSearch search{spec, {}, {}, nullptr};
  for (const auto& node : spec.nodes)
    if (search.state[node.id] == 0 && search.visit(node.id))
      return diag.fail(search.closing->to.mark, "cycle: " + search.describe());
  for (const auto& node : spec.nodes) {
    if (node.caps.empty()) continue;
    int outgoing = 0;
    for (const auto& link : spec.links) {
      if (link.from.node != node.id) continue;
      ++outgoing;
      if (!link.from.pad.empty() || outgoing > 1)
        return diag.fail(node.caps_mark, "caps on node '" + node.id +
                                             "' need a single output link without a pad name; "
                                             "put the caps on the link instead");
    }
  }
  return true;
}

}  // namespace lava::pipelines
