// resamplenormmono: format conversion, downmix to mono, resampling and level normalization in
// one pass — the fused replacement for `audioconvert ! audioresample ! audioconvert`.
#pragma once

#include <gst/base/gstbasetransform.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define LAVA_TYPE_RESAMPLE_NORM_MONO (lava_resample_norm_mono_get_type())
G_DECLARE_FINAL_TYPE(LavaResampleNormMono, lava_resample_norm_mono, LAVA, RESAMPLE_NORM_MONO,
                     GstBaseTransform)
GST_ELEMENT_REGISTER_DECLARE(resamplenormmono);

// Element metadata key naming the stock chain this element replaces (as factory names joined by
// " ! "), for the YAML loader's fusion pass.
#define LAVA_FUSION_METADATA_KEY "lava-fuses"
#define LAVA_RESAMPLE_NORM_MONO_FUSES "audioconvert ! audioresample ! audioconvert"

G_END_DECLS
