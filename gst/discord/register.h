#pragma once

#include <gst/gst.h>

gboolean lava_register_discord_elements(GstPlugin* plugin);
