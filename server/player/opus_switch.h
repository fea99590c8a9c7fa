// The player's Opus passthrough switch (issue #6): a route after the demuxer/parser and a join
// before the voice sink, around the transcoding chain (decode → filters → volume → opusenc).
//
//   parsebin ─▶ route ─pass_src───────────────────────────────────────▶ pass_sink─ join ─▶ sink
//                     └transcode_src─▶ decodebin … opusenc ─▶ transcoded_sink┘
//
// While `passthrough` is on, a stereo 48 kHz Opus packet of 20 ms goes over the passthrough link;
// every other packet, and every packet of a non-Opus stream, goes through the transcoding chain.
// All of it runs in the one streaming thread that pushes into the route. Two elements rather than
// one so that the bin's graph has no loop (it orders state changes by it). Details and the
// event rules: docs/architecture.md.
#pragma once

#include <gst/gst.h>

namespace lava::server::player {

// A new route, floating. Properties: `passthrough` (bool, read-write: Opus packets may skip the
// transcoding chain), `passthrough-frames` (guint64, read-only: packets that did) and
// `transcoding` (bool, read-only: the last packet went through the chain; notified from the
// streaming thread when it turns). Pads:
// `sink`, `pass_src` (to the join's `pass_sink`), `transcode_src`. Not a registered factory:
// only the node builds it.
GstElement* make_opus_route();

// A new join, floating. Pads: `pass_sink`, `transcoded_sink` (from the encoder), `src`.
GstElement* make_opus_join();

}  // namespace lava::server::player
