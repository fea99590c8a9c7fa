#include "register.h"

#include "lavavolume.h"

gboolean lava_register_filter_elements(GstPlugin* plugin) {
  return GST_ELEMENT_REGISTER(lavavolume, plugin);
}
