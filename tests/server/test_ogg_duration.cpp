// Ogg lengths from hand-built pages (RFC 3533 page header, Vorbis/Opus identification headers).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "sources/ogg_duration.h"

using lava::server::sources::ogg_duration_ms;

namespace {

std::string le(std::uint64_t v, int bytes) {
  std::string s;
  for (int i = 0; i < bytes; ++i) s += static_cast<char>(i < 8 ? (v >> (8 * i)) & 0xFF : 0);
  return s;
}

std::string page(std::uint64_t granule, std::uint32_t serial, const std::string& packet) {
  return std::string("OggS") + '\0' + '\0' + le(granule, 8) + le(serial, 4) + le(0, 4) + le(0, 4) +
         '\x01' + static_cast<char>(packet.size()) + packet;
}

}  // namespace

TEST(OggDuration, OpusSubtractsPreSkip) {
  const std::string id =
      std::string("OpusHead") + '\x01' + '\x02' + le(312, 2) + le(44100, 4) + le(0, 2) + '\0';
  const std::string head = page(0, 7, id);
  const std::string tail = "junk" + page(48000, 7, "a") + page(2 * 48000 + 312, 7, "b") +
                           page(999999999, 8, "other stream");
  EXPECT_EQ(ogg_duration_ms(head, tail), 2000);
}

TEST(OggDuration, VorbisUsesTheStreamRate) {
  const std::string id =
      std::string("\x01vorbis") + le(0, 4) + '\x02' + le(44100, 4) + le(0, 12) + '\x01';
  EXPECT_EQ(ogg_duration_ms(page(0, 1, id), page(441000, 1, "x")), 10000);
}

TEST(OggDuration, UnknownInputGivesNothing) {
  EXPECT_FALSE(ogg_duration_ms("", ""));
  EXPECT_FALSE(ogg_duration_ms(page(0, 1,
                                    "\x7f"
                                    "FLAC....................."),
                               page(10, 1, "x")));
  const std::string id =
      std::string("OpusHead") + '\x01' + '\x02' + le(0, 2) + le(48000, 4) + le(0, 3);
  EXPECT_FALSE(ogg_duration_ms(page(0, 1, id), "no pages here"));
}
