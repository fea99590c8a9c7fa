#pragma once

#include <gst/gst.h>

gboolean lava_register_filter_elements(GstPlugin* plugin);
