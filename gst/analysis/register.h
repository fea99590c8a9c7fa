#pragma once

#include <gst/gst.h>

gboolean lava_register_analysis_elements(GstPlugin* plugin);
