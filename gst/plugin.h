#pragma once

#include <gst/gst.h>

// Registers the `lavalink` plugin inside this process (server, tests), without a plugin scan.
gboolean lava_plugin_register_static();
