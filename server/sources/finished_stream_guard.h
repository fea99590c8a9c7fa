// libsoup 3.2 (Debian 12) crashes when a response stream is closed after its message has already
// finished: SoupClientInputStream's close calls soup_message_io_skip(), which calls through the
// message's I/O object without checking it, and finishing the message has set that to NULL
// (libsoup 3.7.1 added the check). souphttpsrc gets there when its cancellable is cancelled (a
// flushing seek, a state change, a player torn down, from another thread than the session's)
// just after the response headers arrived: soup_session_send_finish() then finishes the message
// and reports G_IO_ERROR_CANCELLED, and the response stream it did not hand out is closed when
// the GTask holding it is freed, on souphttpsrc's session thread.
#pragma once

namespace lava::server::sources {

// From now on closing a response stream of a message that has finished (and not been sent
// again) closes it without touching the message. Installed once per process, and only with a
// libsoup older than 3.7.1; later calls change nothing.
void guard_finished_message_streams();

}  // namespace lava::server::sources
