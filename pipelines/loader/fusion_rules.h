// The fusion pass's rules and the graph tests they share (fusion.cpp, fusion_filters.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spec.h"

namespace lava::pipelines {

// The node that `id` feeds through its only link, when that link is plain (no pads, no caps) and
// is the successor's only input; else nullptr.
NodeSpec* plain_successor(PipelineSpec& spec, const std::string& id);

// `node` exists, is made by `factory`, and has neither caps nor the optional flag.
bool is(const NodeSpec* node, std::string_view factory);

// "a, b, c"
std::string join(const std::vector<std::string>& ids);

// Each rule tries to rewrite the graph starting at `first`; true when it did (the node list then
// changed). One line per rewrite goes to `notes`.
bool fuse_resample(PipelineSpec& spec, NodeSpec& first, std::vector<std::string>& notes);
bool fuse_lava_filters(PipelineSpec& spec, NodeSpec& first, std::vector<std::string>& notes);

}  // namespace lava::pipelines
