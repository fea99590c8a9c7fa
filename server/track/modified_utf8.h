// Java's "modified UTF-8" (DataOutput.writeUTF), the string encoding inside lavaplayer's
// encoded tracks: U+0000 is C0 80 and characters above U+FFFF are two 3-byte surrogates.
#pragma once

#include <string>
#include <string_view>

namespace lava::server::track {

// Standard UTF-8 → modified UTF-8. Invalid input bytes become U+FFFD.
std::string to_modified_utf8(std::string_view utf8);
// Modified UTF-8 (also tolerating plain 4-byte UTF-8) → standard UTF-8. Malformed sequences
// and unpaired surrogates become U+FFFD, so the result is always valid UTF-8.
std::string from_modified_utf8(std::string_view bytes);

}  // namespace lava::server::track
