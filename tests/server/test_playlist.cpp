#include <gtest/gtest.h>

#include "sources/playlist.h"

using namespace lava::server::sources;

TEST(Playlist, M3uWithExtinfAndRelativeEntries) {
  auto p = parse_playlist(
      "#EXTM3U\r\n#PLAYLIST:Mix\n#EXTINF:123,Artist - Song\nsong.ogg\n\n"
      "http://other.example/b.mp3\n",
      "http://host.example/lists/x.m3u");
  EXPECT_EQ(p.name, "Mix");
  ASSERT_EQ(p.entries.size(), 2u);
  EXPECT_EQ(p.entries[0].location, "http://host.example/lists/song.ogg");
  EXPECT_EQ(p.entries[0].title, "Artist - Song");
  EXPECT_EQ(p.entries[1].location, "http://other.example/b.mp3");
  EXPECT_EQ(p.entries[1].title, "");
}

TEST(Playlist, PlsInIndexOrder) {
  auto p =
      parse_playlist("[playlist]\nFile2=b.ogg\nTitle2=B\nFile1=/music/a.ogg\nNumberOfEntries=2\n",
                     "/music/list.pls");
  EXPECT_EQ(p.name, "list.pls");
  ASSERT_EQ(p.entries.size(), 2u);
  EXPECT_EQ(p.entries[0].location, "/music/a.ogg");
  EXPECT_EQ(p.entries[1].location, "/music/b.ogg");
  EXPECT_EQ(p.entries[1].title, "B");
}

TEST(Playlist, DetectionAndHls) {
  EXPECT_TRUE(looks_like_playlist("http://x/a.M3U8?token=1"));
  EXPECT_TRUE(looks_like_playlist("/a/b.pls"));
  EXPECT_FALSE(looks_like_playlist("http://x/a.mp3?list=.m3u"));
  EXPECT_TRUE(is_hls("#EXTM3U\n#EXT-X-TARGETDURATION:10\n"));
  EXPECT_FALSE(is_hls("#EXTM3U\na.mp3\n"));
}
