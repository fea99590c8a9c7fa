// discordvoicesink: sends Opus frames to a Discord voice channel (voice gateway v8 + RTP/UDP).
#pragma once

#include <gst/base/gstbasesink.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define LAVA_TYPE_DISCORD_VOICE_SINK (lava_discord_voice_sink_get_type())
G_DECLARE_FINAL_TYPE(LavaDiscordVoiceSink, lava_discord_voice_sink, LAVA, DISCORD_VOICE_SINK,
                     GstBaseSink)
GST_ELEMENT_REGISTER_DECLARE(discordvoicesink);

G_END_DECLS
