// The one GMainContext thread that runs every voice gateway WebSocket of the process, so a
// thousand voice connections cost one thread, not a thousand.
#pragma once

#include <glib.h>

#include <functional>

namespace lava::discord {

// The shared context (its thread starts on first use and lives until the process exits).
GMainContext* gateway_context();
// Runs `fn` on the gateway thread (soon, in order; never inline on the caller's stack).
void on_gateway_thread(std::function<void()> fn);

}  // namespace lava::discord

namespace lava::discord {
// Runs `fn` on the gateway thread and waits for it (start/stop only, never per frame).
void on_gateway_thread_sync(const std::function<void()>& fn);
}  // namespace lava::discord
