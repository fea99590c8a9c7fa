#include "register.h"

#include "resamplenormmono.h"

gboolean lava_register_fusion_elements(GstPlugin* plugin) {
  return GST_ELEMENT_REGISTER(resamplenormmono, plugin);
}
