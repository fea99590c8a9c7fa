#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/json.h"
#include "player/update.h"
#include "track/codec.h"

// The UpdatePlayer PATCH body, through the same steps as the handler in rest/players.cpp:
// JSON parse, field validation, then decoding the encoded track it carries.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  lava::JsonNodePtr root = lava::server::http::parse_json(
      std::string_view(reinterpret_cast<const char*>(data), size), &error);
  if (!root) return 0;
  auto update = lava::server::player::parse_player_update(root.get(), &error);
  if (update && update->track && update->track->encoded)
    lava::server::track::decode_track(*update->track->encoded, &error);
  return 0;
}
