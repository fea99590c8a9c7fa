// The exact length of an Ogg Vorbis/Opus file from two byte ranges: the first page (codec
// header: rate, Opus pre-skip) and the end of the file (last page's granule position).
// Over HTTP this replaces the demuxer's push-mode estimate, which races (gstreamer-notes §7).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lava::server::sources {

// `head`: the file's first bytes (at least the first page); `tail`: its last bytes.
std::optional<std::int64_t> ogg_duration_ms(std::string_view head, std::string_view tail);

}  // namespace lava::server::sources
