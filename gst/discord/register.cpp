#include "register.h"

#include "discordvoicesink.h"
#include "lavaopusenc.h"

gboolean lava_register_discord_elements(GstPlugin* plugin) {
  return GST_ELEMENT_REGISTER(discordvoicesink, plugin) &&
         GST_ELEMENT_REGISTER(lavaopusenc, plugin);
}
