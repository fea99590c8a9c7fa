// The fusion pass: rewrites parts of a described graph into our fused elements when those are
// installed and the output stays the same (docs/pipelines.md, "Fusion").
//   audioconvert → audioresample → [volume] → audioconvert with F32 mono caps → resamplenormmono
//   (the volume node, if any, follows it unchanged)
//   a run of single-filter Lavalink elements in Lavalink's chain order → lavafilters
#pragma once

#include <string>
#include <vector>

#include "spec.h"

namespace lava::pipelines {

// Applies every rule wherever it matches; one line per rewrite in `notes`.
void fuse(PipelineSpec& spec, std::vector<std::string>& notes);

}  // namespace lava::pipelines
