#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "discord/voice_gateway_messages.h"

// A text frame from the voice server, decoded as VoiceGateway::handle_text does before it
// dispatches. GLib criticals are fatal here: each one is json-glib refusing a call we made
// with a value the input chose.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const GLogLevelFlags fatal =
      g_log_set_always_fatal(static_cast<GLogLevelFlags>(G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL));
  (void)fatal;
  lava::discord::parse_voice_message(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
