// /v4/loadtracks against a local Range-capable HTTP server and local files.
#include <gtest/gtest.h>

#include "node_fixture.h"

using namespace lava::test;

namespace {

class LoadTracks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { env = start_node_env(); }
  static void TearDownTestSuite() { stop_node_env(env); }
  void SetUp() override { ASSERT_TRUE(env->node->running()); }
  lava::JsonNodePtr load(const std::string& identifier) {
    return rest_json(*env, "GET", "/v4/loadtracks?identifier=" + url_escape(identifier));
  }
  static std::unique_ptr<NodeEnv> env;
};
std::unique_ptr<NodeEnv> LoadTracks::env;

}  // namespace

TEST_F(LoadTracks, HttpOggWithTags) {
  auto r = load(env->media->url("/tone.ogg"));
  ASSERT_EQ(string_at(r.get(), "loadType"), "track");
  EXPECT_EQ(string_at(r.get(), "data.info.title"), "Test Tone");
  EXPECT_EQ(string_at(r.get(), "data.info.author"), "gst-lavalink");
  EXPECT_NEAR(int_at(r.get(), "data.info.length"), 3000, 30);
  EXPECT_EQ(string_at(r.get(), "data.info.sourceName"), "http");
  EXPECT_EQ(string_at(r.get(), "data.info.uri"), env->media->url("/tone.ogg"));
  // The encoded form decodes to the same info.
  auto d =
      rest_json(*env, "GET",
                "/v4/decodetrack?encodedTrack=" + url_escape(string_at(r.get(), "data.encoded")));
  EXPECT_EQ(string_at(d.get(), "info.title"), "Test Tone");
}

TEST_F(LoadTracks, HttpDurationsAreExactEveryTime) {
  // GstDiscoverer gets this wrong about a third of the time over HTTP (gstreamer-notes §7).
  for (int i = 0; i < 4; ++i) {
    auto r = load(env->media->url("/long.ogg"));
    ASSERT_EQ(string_at(r.get(), "loadType"), "track");
    EXPECT_NEAR(int_at(r.get(), "data.info.length"), 30000, 50) << "run " << i;
    EXPECT_FALSE(bool_at(r.get(), "data.info.isStream"));
  }
  auto mp3 = load(env->media->url("/tone.mp3"));
  ASSERT_EQ(string_at(mp3.get(), "loadType"), "track");
  EXPECT_NEAR(int_at(mp3.get(), "data.info.length"), 10000, 100);
  EXPECT_EQ(string_at(mp3.get(), "data.info.title"), "Mp3 Tone");
}

TEST_F(LoadTracks, HttpErrors) {
  auto missing = load(env->media->url("/missing.ogg"));
  EXPECT_EQ(string_at(missing.get(), "loadType"), "error");
  EXPECT_FALSE(string_at(missing.get(), "data.message").empty());
  EXPECT_FALSE(string_at(missing.get(), "data.severity").empty());
  auto text = load(env->media->url("/hello.txt"));
  EXPECT_EQ(string_at(text.get(), "loadType"), "error");
}

TEST_F(LoadTracks, HttpPlaylist) {
  auto r = load(env->media->url("/list.m3u"));
  ASSERT_EQ(string_at(r.get(), "loadType"), "playlist");
  EXPECT_EQ(string_at(r.get(), "data.info.name"), "list.m3u");
  EXPECT_EQ(int_at(r.get(), "data.info.selectedTrack"), -1);
  // The missing third entry is skipped.
  EXPECT_EQ(string_at(r.get(), "data.tracks.0.info.title"), "Test Tone");
  EXPECT_EQ(string_at(r.get(), "data.tracks.1.info.title"), "Mp3 Tone");
  EXPECT_EQ(string_at(r.get(), "data.tracks.2.info.title"), "");
}

TEST_F(LoadTracks, LocalFilesConfinedToRoots) {
  const std::string inside = env->local_root + "/tone.ogg";
  auto r = load(inside);
  ASSERT_EQ(string_at(r.get(), "loadType"), "track");
  EXPECT_EQ(string_at(r.get(), "data.info.sourceName"), "local");
  EXPECT_EQ(string_at(r.get(), "data.info.identifier"), inside);
  EXPECT_NEAR(int_at(r.get(), "data.info.length"), 3000, 30);
  EXPECT_EQ(string_at(load("file://" + inside).get(), "loadType"), "track");
  EXPECT_EQ(string_at(load(env->outside + "/secret.ogg").get(), "loadType"), "error");
  EXPECT_EQ(string_at(load(env->local_root + "/../" + "x/../secret.ogg").get(), "loadType"),
            "empty");
  EXPECT_EQ(string_at(load(env->local_root + "/nothing.ogg").get(), "loadType"), "empty");
  // A playlist inside a root may not reach outside it either.
  auto pls = load(env->local_root + "/list.pls");
  ASSERT_EQ(string_at(pls.get(), "loadType"), "playlist");
  EXPECT_EQ(string_at(pls.get(), "data.tracks.0.info.sourceName"), "local");
  EXPECT_EQ(string_at(pls.get(), "data.tracks.1.info.sourceName"), "");
}

TEST_F(LoadTracks, DisabledSourcesAnswerEmpty) {
  for (const char* id :
       {"ytsearch:never gonna", "scsearch:x", "ytmsearch:y", "spsearch:z", "just words"}) {
    auto r = load(id);
    EXPECT_EQ(string_at(r.get(), "loadType"), "empty") << id;
  }
  auto missing = rest(*env, "GET", "/v4/loadtracks");
  EXPECT_EQ(missing.status, 400u);
}
