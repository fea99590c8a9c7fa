// GLib criticals abort a fuzz target: each is GLib or json-glib refusing a call we made with a
// value the input chose. abort() rather than G_DEBUG=fatal-criticals, whose SIGTRAP libFuzzer
// does not catch (no crash input would be saved).
#pragma once

#include <glib.h>

#include <cstdlib>

namespace lava::fuzz {

inline void abort_on_critical(const gchar* domain, GLogLevelFlags level, const gchar* message,
                              gpointer) {
  g_log_default_handler(domain, level, message, nullptr);
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) std::abort();
}

inline void make_criticals_fatal() {
  static const GLogFunc previous = g_log_set_default_handler(abort_on_critical, nullptr);
  (void)previous;
}

}  // namespace lava::fuzz
