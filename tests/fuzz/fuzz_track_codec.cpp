#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "track/codec.h"

namespace {

using lava::server::track::TrackInfo;

bool same_fields(const TrackInfo& a, const TrackInfo& b) {
  return a.title == b.title && a.author == b.author && a.length == b.length &&
         a.identifier == b.identifier && a.is_stream == b.is_stream && a.uri == b.uri &&
         a.artwork_url == b.artwork_url && a.isrc == b.isrc && a.source_name == b.source_name &&
         a.probe_info == b.probe_info && a.unknown_source_fields == b.unknown_source_fields &&
         a.position == b.position;
}

}  // namespace

// Any input the decoder accepts must survive encode → decode unchanged: the server hands
// re-encoded tracks back to clients, who send them again.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  auto info = lava::server::track::decode_track(
      std::string_view(reinterpret_cast<const char*>(data), size), &error);
  if (!info) return 0;
  const std::string encoded = lava::server::track::encode_track(*info);
  auto again = lava::server::track::decode_track(encoded, &error);
  if (!again || !same_fields(*info, *again)) std::abort();
  return 0;
}
