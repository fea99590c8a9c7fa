#include "register.h"

#include "lavafilters.h"
#include "lavavolume.h"

gboolean lava_register_filter_elements(GstPlugin* plugin) {
  gboolean ok = TRUE;
  ok &= GST_ELEMENT_REGISTER(lavafilters, plugin);
  ok &= GST_ELEMENT_REGISTER(lavavolume, plugin);
  return ok;
}
