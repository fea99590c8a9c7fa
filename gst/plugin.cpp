/**
 * The `lavalink` plugin: Lavalink's audio filters, fast analysis and resampling elements, and a
 * Discord voice sink. This file only registers elements.
 */
#include "plugin.h"

#include "analysis/register.h"
#include "discord/register.h"
#include "filters/register.h"
#include "fusion/register.h"
#include "lava_config.h"

static gboolean plugin_init(GstPlugin* plugin) {
  gboolean ok = lava_register_filter_elements(plugin);
  ok &= lava_register_analysis_elements(plugin);
  ok &= lava_register_fusion_elements(plugin);
  ok &= lava_register_discord_elements(plugin);
  return ok;
}

gboolean lava_plugin_register_static() {
  return gst_plugin_register_static(GST_VERSION_MAJOR, GST_VERSION_MINOR, "lavalink",
                                    "Lavalink audio filters, analysis and Discord voice elements",
                                    plugin_init, LAVA_VERSION, "LGPL", LAVA_PACKAGE, LAVA_PACKAGE,
                                    LAVA_ORIGIN);
}

#ifndef LAVA_STATIC_PLUGIN
// GST_PLUGIN_DEFINE reads PACKAGE for the plugin description.
#define PACKAGE LAVA_PACKAGE
GST_PLUGIN_DEFINE(GST_VERSION_MAJOR, GST_VERSION_MINOR, lavalink,
                  "Lavalink audio filters, analysis and Discord voice elements", plugin_init,
                  LAVA_VERSION, "LGPL", LAVA_PACKAGE, LAVA_ORIGIN)
#endif
