#include "register.h"

#include "lavachannelmix.h"
#include "lavadistortion.h"
#include "lavaequalizer.h"
#include "lavafilters.h"
#include "lavakaraoke.h"
#include "lavalowpass.h"
#include "lavarotation.h"
#include "lavatimescale.h"
#include "lavatremolo.h"
#include "lavavibrato.h"
#include "lavavolume.h"

gboolean lava_register_filter_elements(GstPlugin* plugin) {
  gboolean ok = TRUE;
  ok &= GST_ELEMENT_REGISTER(lavafilters, plugin);
  ok &= GST_ELEMENT_REGISTER(lavaequalizer, plugin);
  ok &= GST_ELEMENT_REGISTER(lavakaraoke, plugin);
  ok &= GST_ELEMENT_REGISTER(lavatimescale, plugin);
  ok &= GST_ELEMENT_REGISTER(lavatremolo, plugin);
  ok &= GST_ELEMENT_REGISTER(lavavibrato, plugin);
  ok &= GST_ELEMENT_REGISTER(lavarotation, plugin);
  ok &= GST_ELEMENT_REGISTER(lavadistortion, plugin);
  ok &= GST_ELEMENT_REGISTER(lavachannelmix, plugin);
  ok &= GST_ELEMENT_REGISTER(lavalowpass, plugin);
  ok &= GST_ELEMENT_REGISTER(lavavolume, plugin);
  return ok;
}
