// Links two elements by optional pad names: always pads, request pads (by template name such as
// `src_%u` or a concrete `src_1`), and sometimes pads that appear later (decodebin, demuxers).
#pragma once

#include <gst/gst.h>

#include <string>

#include "spec.h"

namespace lava::pipelines {

struct PadLinkRequest {
  GstElement* src;
  std::string src_pad;  // empty: any
  GstElement* dst;
  std::string dst_pad;  // empty: any compatible
  YamlMark src_mark;    // where the source end was written, for errors about it
  YamlMark mark;        // where the link was written, for the other errors
};

// Links now, or — when the source pad is a sometimes pad that does not exist yet — arranges the
// link for when it appears; if the element then reports no-more-pads without a pad that linked,
// an error naming `where` is posted on the bus.
bool link_elements(const PadLinkRequest& request, const std::string& where, Diagnostics& diag);

}  // namespace lava::pipelines
