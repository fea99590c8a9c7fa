#pragma once

#include <gst/gst.h>

gboolean lava_register_fusion_elements(GstPlugin* plugin);
