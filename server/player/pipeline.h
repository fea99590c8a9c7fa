// The GStreamer side of one player: uridecodebin → audioconvert → audioresample → 48 kHz
// stereo → volume → opusenc (20 ms frames) → appsink, drained by the shared Pacer.
// Built programmatically until pipelines/player.yaml (issue #5) lands.
#pragma once

#include <gst/gst.h>

#include "gobject_ptr.h"

namespace lava::server::player {

struct PlayerPipeline {
  GstObjectPtr<GstElement> pipeline;
  GstElement* decode = nullptr;  // uridecodebin; `uri` selects the track
  GstElement* volume = nullptr;  // player volume, 1.0 = 100
  GstElement* sink = nullptr;    // appsink of encoded Opus frames
};

// `max_frames` bounds the encoded frames queued ahead of the pacer (the audible latency of a
// volume or filter change). Returns a pipeline with a null `pipeline` if an element is missing.
PlayerPipeline build_player_pipeline(unsigned max_frames);

}  // namespace lava::server::player
