// One HTTP session (and so one libsoup thread) for every player's souphttpsrc. GStreamer 1.22's
// souphttpsrc runs each session in a thread of its own and shares it through the GstContext
// "gst.soup.session" when the element keeps its default timeout, TLS and proxy settings, as the
// node's do — but only within a pipeline (GstBin keeps contexts). The first HTTP source of the
// process creates the session; this hands it to every later one, in any player.
#pragma once

#include <gst/gst.h>

namespace lava::server::sources {

// A bus sync handler for the players' pipelines: answers souphttpsrc's need-context with the
// process's session and keeps the first one a souphttpsrc announces. Always GST_BUS_PASS.
GstBusSyncReply share_http_session(GstBus* bus, GstMessage* message, gpointer);

}  // namespace lava::server::sources
