#include "media_frame.h"

#include <algorithm>
#include <limits>

#include "leb128.h"

namespace lava::dave {

bool is_opus_silence(ByteView frame) {
  return frame.size() == kOpusSilence.size() &&
         std::equal(frame.begin(), frame.end(), kOpusSilence.begin());
}

std::array<std::uint8_t, 12> media_nonce(std::uint32_t truncated_nonce) {
  std::array<std::uint8_t, 12> n{};
  for (std::size_t i = 0; i < 4; ++i)
    n[8 + i] = static_cast<std::uint8_t>(truncated_nonce >> (8 * i));
  return n;
}

Result<ProtocolFrame> parse_protocol_frame(ByteView frame) {
  using R = Result<ProtocolFrame>;
  if (frame.size() < kMinSupplementalSize) return R::failure("frame shorter than a DAVE trailer");
  if (!std::equal(kMagicMarker.begin(), kMagicMarker.end(), frame.end() - 2))
    return R::failure("no DAVE magic marker");
  const std::size_t supplemental = frame[frame.size() - 3];
  if (supplemental < kMinSupplementalSize || supplemental > frame.size())
    return R::failure("implausible DAVE supplemental size");
  ProtocolFrame out;
  out.interleaved = frame.first(frame.size() - supplemental);
  const ByteView trailer = frame.subspan(out.interleaved.size(), supplemental - 3);
  out.tag = trailer.first(kMediaTagSize);
  std::size_t pos = kMediaTagSize;
  const auto nonce = read_uleb128(trailer, pos);
  if (!nonce || *nonce > std::numeric_limits<std::uint32_t>::max())
    return R::failure("bad DAVE nonce");
  out.nonce = static_cast<std::uint32_t>(*nonce);
  std::uint64_t end_of_previous = 0;
  while (pos < trailer.size()) {
    const auto offset = read_uleb128(trailer, pos);
    const auto size = offset ? read_uleb128(trailer, pos) : std::nullopt;
    if (!size) return R::failure("bad DAVE unencrypted range");
    if (*offset < end_of_previous || *size > out.interleaved.size() ||
        *offset > out.interleaved.size() - *size)
      return R::failure("DAVE unencrypted ranges overlap or overflow the frame");
    out.ranges.push_back({*offset, *size});
    end_of_previous = *offset + *size;
  }
  return out;
}

}  // namespace lava::dave
