// Encoded tracks against byte layouts written out by hand from lavaplayer's documented format.
#include <glib.h>
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <string>

#include "track/codec.h"
#include "track/modified_utf8.h"

using lava::server::track::decode_track;
using lava::server::track::encode_track;
using lava::server::track::from_modified_utf8;
using lava::server::track::to_modified_utf8;
using lava::server::track::TrackInfo;

namespace {

// Independent writer for expected bytes: every field spelled out in the test.
struct Bytes {
  std::string b;
  Bytes& u8(unsigned v) {
    b += static_cast<char>(v);
    return *this;
  }
  Bytes& i64(std::int64_t v) {
    for (int s = 56; s >= 0; s -= 8)
      u8(static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> s));
    return *this;
  }
  Bytes& utf(const std::string& raw) {  // raw = already modified UTF-8
    u8(raw.size() >> 8).u8(raw.size() & 0xFF);
    b += raw;
    return *this;
  }
  std::string message(bool versioned = true) const {
    const std::uint32_t header = (versioned ? 1u << 30 : 0u) | static_cast<std::uint32_t>(b.size());
    std::string out;
    for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((header >> s) & 0xFF);
    out += b;
    gchar* text = g_base64_encode(reinterpret_cast<const guchar*>(out.data()), out.size());
    std::string r(text);
    g_free(text);
    return r;
  }
};

}  // namespace

TEST(ModifiedUtf8, NulAndSupplementaryCharacters) {
  EXPECT_EQ(to_modified_utf8(std::string("a\0b", 3)),
            "a\xC0\x80"
            "b");
  // U+1F3B5 is the surrogate pair D83C DFB5, each written as three bytes.
  EXPECT_EQ(to_modified_utf8("\xF0\x9F\x8E\xB5"), "\xED\xA0\xBC\xED\xBE\xB5");
  EXPECT_EQ(from_modified_utf8("\xED\xA0\xBC\xED\xBE\xB5"), "\xF0\x9F\x8E\xB5");
  EXPECT_EQ(from_modified_utf8("a\xC0\x80"
                               "b"),
            std::string("a\0b", 3));
  EXPECT_EQ(to_modified_utf8("Ünï"), "Ünï");  // BMP text is plain UTF-8
}

TEST(ModifiedUtf8, MalformedInputBecomesReplacementCharacter) {
  EXPECT_EQ(from_modified_utf8("\xED\xA0\xBC"
                               "x"),
            "\xEF\xBF\xBDx");  // lone high surrogate
  EXPECT_EQ(from_modified_utf8("\xFF"), "\xEF\xBF\xBD");
  EXPECT_EQ(to_modified_utf8("\xC3"), "\xEF\xBF\xBD");  // truncated sequence
}

TEST(TrackCodec, DecodesPublishedVersion2YoutubeTrack) {
  // The example string from Lavalink's REST documentation (a version-2 YouTube track).
  auto t = decode_track(
      "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPC"
      "AAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1"
      "YmUAAAAAAAAAAA==",
      nullptr);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->title, "Rick Astley - Never Gonna Give You Up");
  EXPECT_EQ(t->author, "RickAstleyVEVO");
  EXPECT_EQ(t->length, 212000);
  EXPECT_EQ(t->identifier, "dQw4w9WgXcQ");
  EXPECT_FALSE(t->is_stream);
  EXPECT_EQ(t->uri, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  EXPECT_FALSE(t->artwork_url);
  EXPECT_EQ(t->source_name, "youtube");
  EXPECT_EQ(t->position, 0);
}

TEST(TrackCodec, EncodesVersion3ExactlyAsDocumented) {
  TrackInfo info;
  info.title = std::string("Ünïcødé \xF0\x9F\x8E\xB5 t\0x", 21);
  info.author = "Ärtist";
  info.length = INT64_MAX;
  info.identifier = "http://127.0.0.1/a.ogg";
  info.is_stream = true;
  info.uri = "http://127.0.0.1/a.ogg";
  info.source_name = "http";
  info.probe_info = "ogg";
  info.position = 1234;
  Bytes body;
  body.u8(3)
      .utf(to_modified_utf8(info.title))
      .utf("Ärtist")
      .i64(INT64_MAX)
      .utf("http://127.0.0.1/a.ogg")
      .u8(1)
      .u8(1)
      .utf("http://127.0.0.1/a.ogg")
      .u8(0)
      .u8(0)
      .utf("http")
      .utf("ogg")
      .i64(1234);
  // The title's supplementary character really is six bytes in the message.
  EXPECT_NE(to_modified_utf8(info.title).find("\xED\xA0\xBC\xED\xBE\xB5"), std::string::npos);
  EXPECT_EQ(encode_track(info), body.message());
  auto back = decode_track(body.message(), nullptr);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, info.title);
  EXPECT_EQ(back->length, INT64_MAX);
  EXPECT_FALSE(back->artwork_url);
  EXPECT_FALSE(back->isrc);
  EXPECT_EQ(back->probe_info, "ogg");
  EXPECT_EQ(back->position, 1234);
}

TEST(TrackCodec, ReadsUnversionedVersion1) {
  Bytes body;
  body.utf("t").utf("a").i64(1LL << 40).utf("id").u8(0).utf("local").utf("mp3").i64(7);
  auto t = decode_track(body.message(false), nullptr);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->length, 1LL << 40);
  EXPECT_FALSE(t->uri);
  EXPECT_EQ(t->source_name, "local");
  EXPECT_EQ(t->probe_info, "mp3");
  EXPECT_EQ(t->position, 7);
}

TEST(TrackCodec, KeepsUnknownSourceFieldsAndTheirPosition) {
  Bytes body;
  body.u8(3).utf("t").utf("a").i64(5).utf("id").u8(0).u8(0).u8(1).utf("art").u8(1).utf("ISRC1");
  body.utf("spotify").utf("extra-field").u8(1).i64(99);
  auto t = decode_track(body.message(), nullptr);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->artwork_url, "art");
  EXPECT_EQ(t->isrc, "ISRC1");
  EXPECT_EQ(t->position, 99);
  EXPECT_EQ(encode_track(*t), body.message());  // lossless round trip
}

TEST(TrackCodec, ToleratesAWrongSizeField) {
  Bytes body;
  body.u8(3).utf("t").utf("a").i64(5).utf("id").u8(0).u8(0).u8(0).u8(0).utf("youtube").i64(0);
  std::string raw = body.b;
  std::string msg = std::string("\x40\x00\x00\x05", 4) + raw;  // stale size 5
  gchar* text = g_base64_encode(reinterpret_cast<const guchar*>(msg.data()), msg.size());
  auto t = decode_track(text, nullptr);
  g_free(text);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->title, "t");
}

TEST(TrackCodec, RejectsBadInput) {
  std::string error;
  EXPECT_FALSE(decode_track("", &error));
  EXPECT_FALSE(decode_track("not base64!", &error));
  EXPECT_EQ(error, "invalid base64");
  EXPECT_FALSE(decode_track("QAAA", &error));  // header only
  Bytes body;
  body.u8(9).utf("t");
  EXPECT_FALSE(decode_track(body.message(), &error));
  EXPECT_EQ(error, "unsupported track version");
  Bytes truncated;
  truncated.u8(3).utf("title").u8(0).u8(200);  // author claims 200 bytes
  EXPECT_FALSE(decode_track(truncated.message(), &error));
  EXPECT_EQ(error, "truncated track data");
}
