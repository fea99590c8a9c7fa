// typefind (parsebin's first element) and tag demuxers (id3demux, apedemux) read a seekable
// source in pull mode from a task on their sink pad; once the element after them pulls through
// them instead, they only pause that task (the activation that tells them runs in the task's own
// thread, so it cannot stop it), and a paused task keeps its thread waiting for as long as the
// track plays: a second thread per local-file player that only waits (issue #11).
#pragma once

#include <gst/gst.h>

namespace lava::server::player {

// Stops every such paused task in `bin`, returning its thread to GStreamer's pool. Call it from a
// thread that is not streaming in `bin` once the track streams, e.g. on its STREAM_START message.
// Returns how many it stopped.
int stop_idle_pull_tasks(GstBin* bin);

}  // namespace lava::server::player
