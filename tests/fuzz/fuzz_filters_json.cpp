#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fatal_criticals.h"
#include "filters/filters_json.h"

// The echo (to_json) of an accepted `filters` object must parse again and echo identically,
// since clients send back what the server reported.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lava::fuzz::make_criticals_fatal();
  lava::filters::FilterSettings parsed;
  std::string error;
  if (!lava::filters::parse_filters(std::string_view(reinterpret_cast<const char*>(data), size),
                                    parsed, error))
    return 0;
  const std::string echo = lava::filters::to_json(parsed);
  lava::filters::FilterSettings again;
  if (!lava::filters::parse_filters(echo, again, error)) std::abort();
  if (lava::filters::to_json(again) != echo) std::abort();
  return 0;
}
