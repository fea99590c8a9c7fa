// lavavolume: Lavalink's `filters.volume` (0.0–5.0) as a GStreamer audio filter.
#pragma once

#include <gst/audio/gstaudiofilter.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define LAVA_TYPE_VOLUME (lava_volume_get_type())
G_DECLARE_FINAL_TYPE(LavaVolume, lava_volume, LAVA, VOLUME, GstAudioFilter)
GST_ELEMENT_REGISTER_DECLARE(lavavolume);

G_END_DECLS
