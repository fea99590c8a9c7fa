#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fatal_criticals.h"
#include "filters/filters_json.h"
#include "http/json.h"
#include "player/update.h"
#include "track/codec.h"

// The UpdatePlayer PATCH body, through the same steps as the handler in rest/players.cpp:
// JSON parse, field validation, the `filters` object re-serialized, validated and echoed, then
// decoding the encoded track it carries.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lava::fuzz::make_criticals_fatal();
  std::string error;
  lava::JsonNodePtr root = lava::server::http::parse_json(
      std::string_view(reinterpret_cast<const char*>(data), size), &error);
  if (!root) return 0;
  auto update = lava::server::player::parse_player_update(root.get(), &error);
  if (!update) return 0;
  if (update->filters) {
    lava::filters::FilterSettings settings;
    if (!lava::filters::parse_filters(lava::server::http::to_json_string(update->filters.get()),
                                      settings, error))
      return 0;
    lava::server::http::parse_json(lava::filters::to_json(settings), &error);
  }
  if (update->track && update->track->encoded)
    lava::server::track::decode_track(*update->track->encoded, &error);
  return 0;
}
