// Rewrites of a PipelineSpec's graph, shared by the fusion pass and optional-node removal.
#pragma once

#include <string>
#include <vector>

#include "spec.h"

namespace lava::pipelines {

bool factory_installed(const std::string& factory);

std::vector<LinkSpec*> links_into(PipelineSpec& spec, const std::string& id);
std::vector<LinkSpec*> links_out_of(PipelineSpec& spec, const std::string& id);

// Replaces the nodes of `run` (a linear chain, first to last) with `replacement`: links into the
// first node now go into the replacement, links out of the last leave from it, and the links
// inside the run disappear.
void replace_run(PipelineSpec& spec, const std::vector<std::string>& run, NodeSpec replacement);

// Leaves out the optional nodes whose factory is not installed, joining their neighbours; fails
// for one that has more than one input or output. One note per node left out.
bool drop_missing_optional_nodes(PipelineSpec& spec, std::vector<std::string>& notes,
                                 Diagnostics& diag);

}  // namespace lava::pipelines
