// rfftspectrum's GObject properties, kept apart from the streaming code.
#pragma once

#include <glib-object.h>

#include <string>

#include "analysis/dsp/spectrum_core.h"

namespace lava::analysis {

enum class Payload { kList, kArray, kBytes };

struct SpectrumProps {
  dsp::SpectrumSettings core;
  guint64 interval_ns = 100000000;
  Payload payload = Payload::kList;
  bool post_messages = true;
  std::string message_name = "rfftspectrum";
};

void spectrum_install_properties(GObjectClass* klass);
// Return false for an unknown id (the caller warns).
bool spectrum_set_property(SpectrumProps& props, guint id, const GValue* value);
bool spectrum_get_property(const SpectrumProps& props, guint id, GValue* value);

}  // namespace lava::analysis
