// The GStreamer side of one player: uridecodebin → audioconvert → audioresample → 48 kHz
// stereo → volume → opusenc (20 ms frames) → discordvoicesink, whose shared sender paces it.
// Built programmatically until pipelines/player.yaml (issue #5) lands.
#pragma once

#include <gst/gst.h>

#include "gobject_ptr.h"

namespace lava::server::player {

struct PlayerPipeline {
  GstObjectPtr<GstElement> pipeline;
  GstElement* decode = nullptr;  // uridecodebin; `uri` selects the track
  GstElement* volume = nullptr;  // player volume, 1.0 = 100
  GstElement* sink = nullptr;    // discordvoicesink; the voice credentials go here
};

// Returns a pipeline with a null `pipeline` if an element is missing. The sink's 200 ms ring is
// the audible latency of a volume or filter change.
PlayerPipeline build_player_pipeline();

}  // namespace lava::server::player
