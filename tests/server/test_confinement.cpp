// Confinement against the real node: local files only under gstLavalink.localRoots, whatever
// the identifier or the (client-made) encoded track says, and no HTTP to private addresses with
// gstLavalink.blockPrivateAddresses.
#include <glib/gstdio.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "node_fixture.h"
#include "track/codec.h"

using namespace lava::test;

namespace {

std::string load_type(NodeEnv& env, const std::string& identifier) {
  auto r = rest_json(env, "GET", "/v4/loadtracks?identifier=" + url_escape(identifier));
  return string_at(r.get(), "loadType");
}

std::string forged_track(const std::string& source, const std::string& identifier,
                         const std::string& uri) {
  lava::server::track::TrackInfo t;
  t.title = "forged";
  t.author = "nobody";
  t.length = 3000;
  t.identifier = identifier;
  t.uri = uri;
  t.source_name = source;
  t.probe_info = "ogg";
  return lava::server::track::encode_track(t);
}

// Plays `encoded` on a new player: "exception" (cause in `detail`) if a TrackExceptionEvent
// comes within `wait_ms`.
std::string play_outcome(NodeEnv& env, const std::string& encoded, std::string* detail,
                         int wait_ms = 10000) {
  std::string sid;
  auto ws = open_session(env, &sid);
  if (sid.empty()) return "no session";
  rest_json(env, "PATCH", "/v4/sessions/" + sid + "/players/77",
            "{\"track\":{\"encoded\":\"" + encoded + "\"}}");
  auto exception = ws->wait_for_op("event", "TrackExceptionEvent", wait_ms);
  if (exception) {
    *detail = string_at(exception.get(), "exception.cause");
    return "exception";
  }
  return "no exception";
}

class Confinement : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env = start_node_env();
    const std::string root = env->local_root, outside = env->outside;
    // Inside the root: a link to a file outside, a link to the outside directory, a link to a
    // file inside; next to the root, a directory whose name starts with the root's.
    symlink((outside + "/secret.ogg").c_str(), (root + "/link-out.ogg").c_str());
    symlink(outside.c_str(), (root + "/dir-out").c_str());
    symlink((root + "/tone.ogg").c_str(), (root + "/link-in.ogg").c_str());
    sibling = root + "-evil";
    g_mkdir(sibling.c_str(), 0700);
    gchar* bytes = nullptr;
    gsize size = 0;
    g_file_get_contents((root + "/tone.ogg").c_str(), &bytes, &size, nullptr);
    g_file_set_contents((sibling + "/tone.ogg").c_str(), bytes, static_cast<gssize>(size), nullptr);
    g_free(bytes);
  }
  static void TearDownTestSuite() {
    for (const char* name : {"/link-out.ogg", "/dir-out", "/link-in.ogg"})
      g_unlink((env->local_root + name).c_str());
    g_unlink((sibling + "/tone.ogg").c_str());
    g_rmdir(sibling.c_str());
    stop_node_env(env);
  }
  void SetUp() override { ASSERT_TRUE(env->node->running()); }
  static std::unique_ptr<NodeEnv> env;
  static std::string sibling;
};
std::unique_ptr<NodeEnv> Confinement::env;
std::string Confinement::sibling;

}  // namespace

TEST_F(Confinement, LoadtracksStaysUnderTheRoots) {
  const std::string root = env->local_root, outside = env->outside;
  EXPECT_EQ(load_type(*env, root + "/tone.ogg"), "track");
  EXPECT_EQ(load_type(*env, root + "/link-in.ogg"), "track");
  for (const std::string& id : {
           root + "/../" + outside.substr(outside.rfind('/') + 1) + "/secret.ogg",  // ..
           outside + "/secret.ogg",                                                 // absolute
           root + "/link-out.ogg",        // symlink to a file outside
           root + "/dir-out/secret.ogg",  // symlink to a directory outside
           sibling + "/tone.ogg",         // shares the root's name as a prefix
           "file://" + outside + "/secret.ogg",
           "file://localhost" + outside + "/secret.ogg",
           "file://" + root + "/../" + outside.substr(outside.rfind('/') + 1) + "/secret.ogg",
           "file://" + root + "/%2e%2e/" + outside.substr(outside.rfind('/') + 1) + "/secret.ogg",
           "file://" + root + "/dir-out/secret.ogg",
       })
    EXPECT_EQ(load_type(*env, id), "error") << id;
  // Nothing to read: "no matches", as Lavalink.
  EXPECT_EQ(load_type(*env, root + "/missing.ogg"), "empty");
  EXPECT_EQ(load_type(*env, "/etc/passwd"), "error");
}

TEST_F(Confinement, ForgedTracksDoNotPlayOutsideTheRoots) {
  const std::string secret = env->outside + "/secret.ogg";
  std::string cause;
  // A local track naming a file outside the roots.
  EXPECT_EQ(play_outcome(*env, forged_track("local", secret, secret), &cause), "exception");
  EXPECT_NE(cause.find("not under gstLavalink.localRoots"), std::string::npos)
      << "[" << cause << "]";
  // An "http" track whose uri is really a file:// URI, or another scheme altogether.
  EXPECT_EQ(play_outcome(*env, forged_track("http", "x", "file://" + secret), &cause), "exception");
  EXPECT_EQ(play_outcome(*env, forged_track("http", "x", "fd://0"), &cause), "exception");
  EXPECT_NE(cause.find("only http(s) and local files"), std::string::npos) << cause;
  // The same forging inside the root plays.
  const std::string inside = env->local_root + "/tone.ogg";
  EXPECT_EQ(play_outcome(*env, forged_track("local", inside, inside), &cause, 3000), "no exception")
      << cause;
}

TEST(BlockPrivateAddresses, RefusesLoopbackByAddressAndByName) {
  auto env = start_node_env("", "  blockPrivateAddresses: true\n");
  ASSERT_TRUE(env->node->running());
  const std::string url = env->media->url("/tone.ogg");
  EXPECT_EQ(load_type(*env, url), "error");
  // Resolved through DNS (the hosts file) to 127.0.0.1: refused after resolution.
  std::string by_name = url;
  by_name.replace(by_name.find("127.0.0.1"), 9, "localhost");
  EXPECT_EQ(load_type(*env, by_name), "error");
  std::string cause;
  EXPECT_EQ(play_outcome(*env, forged_track("http", url, url), &cause), "exception");
  // Local files are not network targets.
  EXPECT_EQ(load_type(*env, env->local_root + "/tone.ogg"), "track");
  stop_node_env(env);
}
