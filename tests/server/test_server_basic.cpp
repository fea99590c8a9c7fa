#include <gtest/gtest.h>
#include <json-glib/json-glib.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "gobject_ptr.h"
#include "lava_config.h"
#include "server_process.h"

namespace {

const char* kConfig = R"(
server:
  port: 0
  address: 127.0.0.1
lavalink:
  server:
    password: "test-pass"
)";

class ServerBasic : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = new lava::test::ServerProcess(kConfig); }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(server->running()) << lava::test::server_binary(); }
  static lava::test::ServerProcess* server;
};
lava::test::ServerProcess* ServerBasic::server = nullptr;

lava::JsonNodePtr parse(const std::string& body) {
  lava::GObjectPtr<JsonParser> parser(json_parser_new());
  if (!json_parser_load_from_data(parser.get(), body.c_str(), body.size(), nullptr)) return nullptr;
  return lava::JsonNodePtr(json_node_copy(json_parser_get_root(parser.get())));
}

void expect_error_shape(const lava::test::HttpReply& r, unsigned status, const char* path) {
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.content_type, "application/json");
  auto root = parse(r.body);
  ASSERT_TRUE(root && JSON_NODE_HOLDS_OBJECT(root.get())) << r.body;
  JsonObject* o = json_node_get_object(root.get());
  EXPECT_EQ(json_object_get_int_member(o, "status"), status);
  EXPECT_GT(json_object_get_int_member(o, "timestamp"), 1'600'000'000'000);
  EXPECT_STREQ(json_object_get_string_member(o, "path"), path);
  EXPECT_TRUE(json_object_has_member(o, "error"));
  EXPECT_TRUE(json_object_has_member(o, "message"));
  EXPECT_FALSE(json_object_has_member(o, "trace"));
}

TEST_F(ServerBasic, VersionIsPlainText) {
  auto r = server->request("GET", "/version", "test-pass");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, "text/plain");
  EXPECT_EQ(r.body.rfind("4.", 0), 0u) << r.body;
}

TEST_F(ServerBasic, InfoDescribesTheNode) {
  auto r = server->request("GET", "/v4/info", "test-pass");
  ASSERT_EQ(r.status, 200u);
  auto root = parse(r.body);
  ASSERT_TRUE(root) << r.body;
  JsonObject* o = json_node_get_object(root.get());
  JsonObject* version = json_object_get_object_member(o, "version");
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(json_object_get_int_member(version, "major"), 4);
  EXPECT_TRUE(json_object_get_null_member(version, "preRelease"));
  EXPECT_TRUE(json_object_has_member(o, "buildTime"));
  JsonObject* git = json_object_get_object_member(o, "git");
  ASSERT_NE(git, nullptr);
  // The checkout the binary was built from (vcs_tag at build time, not at `meson setup`).
  gchar* head = nullptr;
  const std::string rev_parse = "git -C " LAVA_SOURCE_ROOT " rev-parse HEAD";
  gint status = 1;
  const bool checkout =
      g_spawn_command_line_sync(rev_parse.c_str(), &head, nullptr, &status, nullptr) && status == 0;
  EXPECT_EQ(std::string(json_object_get_string_member(git, "commit")),
            checkout ? g_strstrip(head) : "unknown");
  g_free(head);
  EXPECT_EQ(json_object_get_int_member(git, "commitTime"),
            json_object_get_int_member(o, "buildTime"));
  EXPECT_NE(std::string(json_object_get_string_member(o, "jvm")).find("GStreamer"),
            std::string::npos);
  EXPECT_TRUE(json_object_has_member(o, "lavaplayer"));
  JsonArray* sources = json_object_get_array_member(o, "sourceManagers");
  ASSERT_NE(sources, nullptr);
  EXPECT_STREQ(json_array_get_string_element(sources, 0), "http");
  JsonArray* filters = json_object_get_array_member(o, "filters");
  ASSERT_NE(filters, nullptr);
  EXPECT_EQ(json_array_get_length(filters), 10u);
  EXPECT_EQ(json_array_get_length(json_object_get_array_member(o, "plugins")), 0u);
}

TEST_F(ServerBasic, MissingAuthorizationIs401InLavalinkShape) {
  expect_error_shape(server->request("GET", "/v4/info", nullptr), 401, "/v4/info");
  expect_error_shape(server->request("GET", "/version", nullptr), 401, "/version");
}

TEST_F(ServerBasic, WrongPasswordIs401) {
  expect_error_shape(server->request("GET", "/v4/info", "test-pasS"), 401, "/v4/info");
  expect_error_shape(server->request("GET", "/v4/info", "test-pass2"), 401, "/v4/info");
  expect_error_shape(server->request("GET", "/v4/info", ""), 401, "/v4/info");
}

TEST_F(ServerBasic, UnknownPathIs404) {
  expect_error_shape(server->request("GET", "/v4/nope", "test-pass"), 404, "/v4/nope");
  expect_error_shape(server->request("GET", "/", "test-pass"), 404, "/");
}

TEST_F(ServerBasic, TraceIsAddedOnRequest) {
  auto r = server->request("GET", "/v4/nope?trace=true", "test-pass");
  EXPECT_EQ(r.status, 404u);
  auto root = parse(r.body);
  ASSERT_TRUE(root);
  EXPECT_TRUE(json_object_has_member(json_node_get_object(root.get()), "trace"));
}

TEST(ServerLifecycle, SigtermShutsDownCleanly) {
  lava::test::ServerProcess server(kConfig);
  ASSERT_TRUE(server.running());
  EXPECT_EQ(server.request("GET", "/version", "test-pass").status, 200u);
  EXPECT_EQ(server.stop(), 0);
}

TEST(ServerLifecycle, BadConfigFailsWithPosition) {
  lava::test::ServerProcess server("server:\n  port: zero\nlavalink.server.password: x\n");
  EXPECT_FALSE(server.running());
}

// gstLavalink.playerPipeline names the YAML every player is built from; one that does not load
// (here: a node id the node needs is missing) stops the node at startup.
TEST(ServerLifecycle, PlayerPipelineFileIsCheckedAtStartup) {
  const std::string custom = std::string(kConfig) + "gstLavalink:\n  playerPipeline: ";
  lava::test::ServerProcess shipped(custom + LAVA_SOURCE_ROOT "/pipelines/player.yaml\n");
  EXPECT_TRUE(shipped.running());
  gchar* path = nullptr;
  const int fd = g_file_open_tmp("player-XXXXXX.yaml", &path, nullptr);
  ASSERT_GE(fd, 0);
  close(fd);
  const char* no_volume =
      "parameters:\n  source: {type: string}\n  sink: {type: string}\nnodes:\n"
      "  - {id: source, factory: '${source}'}\n  - {id: decode, factory: decodebin}\n"
      "  - {id: sink, factory: '${sink}'}\n";
  ASSERT_TRUE(g_file_set_contents(path, no_volume, -1, nullptr));
  lava::test::ServerProcess broken(custom + path + "\n");
  EXPECT_FALSE(broken.running());
  lava::test::ServerProcess missing(custom + "/nonexistent/player.yaml\n");
  EXPECT_FALSE(missing.running());
  g_unlink(path);
  g_free(path);
}

// The environment the running node's image was started with, one variable a line. (The dynamic
// loader splits GLIBC_TUNABLES there in place: each tunable shows on a line of its own.)
std::string environment_of(int pid) {
  gchar* text = nullptr;
  gsize length = 0;
  const std::string path = "/proc/" + std::to_string(pid) + "/environ";
  if (!g_file_get_contents(path.c_str(), &text, &length, nullptr)) return {};
  std::string all(text, length);
  g_free(text);
  std::replace(all.begin(), all.end(), '\0', '\n');
  return all;
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// glibc reads its tunables only when a process starts, so the node runs itself again with the
// per-thread malloc caches off (issue #12, docs/security.md "Soak"); /proc/<pid>/environ shows
// the environment of the image that runs.
TEST(ServerMemory, TheNodeRunsWithoutMallocThreadCaches) {
  g_unsetenv("GLIBC_TUNABLES");
  lava::test::ServerProcess server(kConfig);
  ASSERT_TRUE(server.running());
  EXPECT_TRUE(has_line(environment_of(server.pid()), "GLIBC_TUNABLES=glibc.malloc.tcache_count=0"));
  EXPECT_EQ(server.request("GET", "/version", "test-pass").status, 200u);
  EXPECT_EQ(server.stop(), 0);
}

TEST(ServerMemory, AnOperatorsTunablesAreKept) {
  g_setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=3", TRUE);
  lava::test::ServerProcess added(kConfig);
  g_setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=3", TRUE);
  lava::test::ServerProcess own(kConfig);
  g_unsetenv("GLIBC_TUNABLES");
  ASSERT_TRUE(added.running());
  ASSERT_TRUE(own.running());
  const std::string with_added = environment_of(added.pid());
  EXPECT_TRUE(has_line(with_added, "GLIBC_TUNABLES=glibc.malloc.arena_max=3")) << with_added;
  EXPECT_TRUE(has_line(with_added, "glibc.malloc.tcache_count=0")) << with_added;
  const std::string with_own = environment_of(own.pid());
  EXPECT_TRUE(has_line(with_own, "GLIBC_TUNABLES=glibc.malloc.tcache_count=3")) << with_own;
  EXPECT_EQ(with_own.find("tcache_count=0"), std::string::npos) << with_own;
}

}  // namespace
