// discordvoicesink: sends Opus frames to a Discord voice channel (voice gateway v8 + RTP/UDP).
#pragma once

#include <gst/base/gstbasesink.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define LAVA_TYPE_DISCORD_VOICE_SINK (lava_discord_voice_sink_get_type())
G_DECLARE_FINAL_TYPE(LavaDiscordVoiceSink, lava_discord_voice_sink, LAVA, DISCORD_VOICE_SINK,
                     GstBaseSink)
GST_ELEMENT_REGISTER_DECLARE(discordvoicesink);

// The values of `frames-sent`, `frames-nulled`, `frames-deficit` and `connected`, read as plain
// atomic loads: the node's player watcher reads them for every player every 20 ms, where a
// g_object_get (param-spec lookups, GValues, the stream's lock) of thousands of sinks costs a
// sizeable share of a core.
typedef struct {
  guint64 frames_sent;
  guint64 frames_nulled;
  guint64 frames_deficit;
  gboolean connected;
} LavaDiscordVoiceSinkCounters;

LavaDiscordVoiceSinkCounters lava_discord_voice_sink_counters(LavaDiscordVoiceSink* sink);

G_END_DECLS
