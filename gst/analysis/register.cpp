#include "register.h"

#include "rfftspectrum.h"

gboolean lava_register_analysis_elements(GstPlugin* plugin) {
  return GST_ELEMENT_REGISTER(rfftspectrum, plugin);
}
