#include "register.h"

// discordvoicesink lands here (issue #7).
gboolean lava_register_discord_elements(GstPlugin*) {
  return TRUE;
}
