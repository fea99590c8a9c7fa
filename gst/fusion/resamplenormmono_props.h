// resamplenormmono's GObject properties: install, set and get, kept apart from the streaming
// code.
#pragma once

#include <glib-object.h>

#include <vector>

#include "fusion/dsp/normalizer.h"

namespace lava::fusion {

struct RnmProps {
  int quality = 4;
  std::vector<float> channel_weights;  // empty: plain average
  dsp::NormalizerSettings normalizer;
};

void rnm_install_properties(GObjectClass* klass);
// Return false for an unknown id (the caller warns).
bool rnm_set_property(RnmProps& props, guint id, const GValue* value);
bool rnm_get_property(const RnmProps& props, guint id, GValue* value);

}  // namespace lava::fusion
