#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "config.h"

namespace {

// Unknown keys are logged at message level; silence them so the fuzzer's output stays readable.
void drop_log(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const guint handler = g_log_set_handler(nullptr, G_LOG_LEVEL_MESSAGE, drop_log, nullptr);
  (void)handler;
  std::string error;
  lava::server::parse_config(std::string(reinterpret_cast<const char*>(data), size), "fuzz",
                             &error);
  return 0;
}
