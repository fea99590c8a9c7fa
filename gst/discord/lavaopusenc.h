// lavaopusenc: float PCM in, one 20 ms Opus packet per buffer out, for discordvoicesink.
#pragma once

#include <gst/audio/gstaudioencoder.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define LAVA_TYPE_OPUS_ENC (lava_opus_enc_get_type())
G_DECLARE_FINAL_TYPE(LavaOpusEnc, lava_opus_enc, LAVA, OPUS_ENC, GstAudioEncoder)
GST_ELEMENT_REGISTER_DECLARE(lavaopusenc);

G_END_DECLS
