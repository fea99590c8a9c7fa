#include <cstddef>
#include <cstdint>
#include <string_view>

#include "discord/voice_gateway_messages.h"
#include "fatal_criticals.h"

// A text frame from the voice server, decoded as VoiceGateway::handle_text does before it
// dispatches.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lava::fuzz::make_criticals_fatal();
  lava::discord::parse_voice_message(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
