// PipelineSpec → GstPipeline: one element per node (named by its id), a capsfilter per caps
// entry, and the links.
#pragma once

#include <gst/gst.h>

#include "gobject_ptr.h"
#include "spec.h"

namespace lava::pipelines {

GstObjectPtr<GstPipeline> build_pipeline(const PipelineSpec& spec, Diagnostics& diag);

}  // namespace lava::pipelines
