// The head of a player's transcoding chain, chosen per track. parsebin offers each track's audio
// as a parsed elementary stream; the slot links it into the Opus route and puts the decoder for
// that stream's caps (opusdec, vorbisdec, mpg123audiodec, …; none for raw audio) between the
// route's transcoding output and the rest of the chain. A decoder rather than decodebin: decodebin
// finishes its state change only once it has decoded something, which in Opus passthrough may
// never happen, and that would hold the whole pipeline in PAUSED.
#pragma once

#include <gst/gst.h>

namespace lava::server::player {

// From now on `parse`'s first audio pad in each stream goes to `route`'s sink and the route's
// `transcode_src`, through a decoder, to `next`. The slot lives as long as `pipeline`.
void attach_decoder_slot(GstElement* pipeline, GstElement* parse, GstElement* route, GstPad* next);

// Takes the previous track's decoder out; the pipeline must be in READY or below.
void clear_decoder_slot(GstElement* pipeline);

}  // namespace lava::server::player
