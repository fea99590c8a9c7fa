// Plays a pipeline like gst-launch-1.0 does: state changes, bus errors with the element path,
// EOS, and SIGINT/SIGTERM sending EOS first (a second one stops at once).
#pragma once

#include <gst/gst.h>

#include <string>

namespace lava::pipelines {

struct RunOptions {
  bool verbose = false;   // every element's state changes and property notifications
  bool messages = false;  // element messages (spectrum bands, levels…)
  std::string dot_dir;    // non-empty: a .dot file per pipeline state change
};

// Returns the process exit status: 0 after EOS, 1 after an error, 2 when interrupted twice.
int run_pipeline(GstElement* pipeline, const RunOptions& options);

}  // namespace lava::pipelines
