#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fatal_criticals.h"
#include "http/json.h"
#include "rest/session_update.h"

// The Update Session PATCH body, through the same steps as the handler in rest/sessions.cpp:
// JSON parse, then field validation.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lava::fuzz::make_criticals_fatal();
  std::string error;
  lava::JsonNodePtr root = lava::server::http::parse_json(
      std::string_view(reinterpret_cast<const char*>(data), size), &error);
  if (!root) return 0;
  lava::server::rest::parse_session_update(root.get(), &error);
  return 0;
}
