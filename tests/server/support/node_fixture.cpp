#include "node_fixture.h"

#include <glib/gstdio.h>

#include <mutex>

namespace lava::test {

namespace {

struct Tones {
  std::string ogg3, ogg30, mp3, opus30;
};

// Encoding is slow enough to do once per test binary.
const Tones& tones() {
  static Tones t;
  static std::once_flag once;
  std::call_once(once, [] {
    t.ogg3 = make_tone(3, "vorbisenc ! oggmux", "Test Tone", "gst-lavalink");
    // A steady 64 kbit/s like real music: left to itself vorbisenc shrinks a sine to a few
    // kbit/s after the first seconds, and oggdemux, which over HTTP estimates a file's duration
    // from one read 64 KiB before its end, then takes a 30 s file for 9-17 s long and ends a
    // seek past that.
    t.ogg30 = make_tone(30,
                        "vorbisenc managed=true bitrate=64000 min-bitrate=56000 "
                        "max-bitrate=72000 ! oggmux",
                        "Long Tone", "gst-lavalink");
    t.mp3 = make_tone(10, "lamemp3enc ! id3v2mux", "Mp3 Tone", "gst-lavalink");
    // opusenc's defaults: 20 ms packets, which the player passes through undecoded.
    t.opus30 = make_tone(30, "opusenc ! oggmux", "Opus Tone", "gst-lavalink");
  });
  return t;
}

std::string make_temp_dir() {
  gchar* dir = g_dir_make_tmp("lavalink-root-XXXXXX", nullptr);
  std::string out = dir ? dir : "";
  g_free(dir);
  return out;
}

void write_file(const std::string& path, const std::string& body) {
  g_file_set_contents(path.c_str(), body.data(), static_cast<gssize>(body.size()), nullptr);
}

void remove_tree(const std::string& dir) {
  if (dir.empty()) return;
  GDir* d = g_dir_open(dir.c_str(), 0, nullptr);
  if (d) {
    while (const char* name = g_dir_read_name(d)) g_unlink((dir + "/" + name).c_str());
    g_dir_close(d);
  }
  g_rmdir(dir.c_str());
}

}  // namespace

const std::string& long_ogg_tone() {
  return tones().ogg30;
}

const std::string& long_opus_tone() {
  return tones().opus30;
}

std::unique_ptr<NodeEnv> start_node_env(const std::string& extra_server,
                                        const std::string& extra_gst) {
  auto env = std::make_unique<NodeEnv>();
  const Tones& t = tones();
  env->media = std::make_unique<MediaServer>();
  env->media->add("/tone.ogg", t.ogg3, "audio/ogg");
  env->media->add("/long.ogg", t.ogg30, "audio/ogg");
  env->media->add("/tone.mp3", t.mp3, "audio/mpeg");
  env->media->add("/long.opus", t.opus30, "audio/ogg");
  env->media->add("/hello.txt", "hello, this is not audio\n", "text/plain");
  env->media->add("/list.m3u",
                  "#EXTM3U\n#EXTINF:3,First\ntone.ogg\n#EXTINF:10,Second\n" +
                      env->media->url("/tone.mp3") + "\nmissing.ogg\n",
                  "audio/x-mpegurl");
  env->local_root = make_temp_dir();
  env->outside = make_temp_dir();
  write_file(env->local_root + "/tone.ogg", t.ogg3);
  write_file(env->local_root + "/long.opus", t.opus30);
  write_file(env->local_root + "/list.pls", "[playlist]\nFile1=tone.ogg\nTitle1=Local\nFile2=" +
                                                env->outside + "/secret.ogg\nNumberOfEntries=2\n");
  write_file(env->outside + "/secret.ogg", t.ogg3);
  const std::string config = std::string("server:\n  port: 0\n  address: 127.0.0.1\n") +
                             "lavalink:\n  server:\n    password: \"" + kPassword + "\"\n" +
                             "    sources:\n      local: true\n" + extra_server +
                             "gstLavalink:\n  localRoots:\n    - " + env->local_root + "\n" +
                             extra_gst;
  env->node = std::make_unique<ServerProcess>(config);
  return env;
}

void stop_node_env(std::unique_ptr<NodeEnv>& env) {
  if (!env) return;
  env->node.reset();
  env->media.reset();
  remove_tree(env->local_root);
  remove_tree(env->outside);
  env.reset();
}

HttpReply rest(NodeEnv& env, const std::string& method, const std::string& path,
               const std::string& body) {
  return env.node->request(method, path, kPassword, body);
}

JsonNodePtr rest_json(NodeEnv& env, const std::string& method, const std::string& path,
                      const std::string& body, unsigned expect_status) {
  HttpReply r = rest(env, method, path, body);
  EXPECT_EQ(r.status, expect_status) << method << " " << path << ": " << r.body;
  return parse_json(r.body);
}

std::string url_escape(const std::string& s) {
  GCharPtr e(g_uri_escape_string(s.c_str(), nullptr, FALSE));
  return e.get();
}

std::unique_ptr<WsClient> open_session(NodeEnv& env, std::string* session_id) {
  auto ws = std::make_unique<WsClient>(
      env.node->port(), std::map<std::string, std::string>{{"Authorization", kPassword},
                                                           {"User-Id", "170939974227541168"},
                                                           {"Client-Name", "gtest/1.0"}});
  JsonNodePtr ready = ws->ok() ? ws->wait_for_op("ready", "", 5000) : nullptr;
  if (ready) *session_id = string_at(ready.get(), "sessionId");
  return ws;
}

std::string load_encoded(NodeEnv& env, const std::string& identifier) {
  JsonNodePtr r = rest_json(env, "GET", "/v4/loadtracks?identifier=" + url_escape(identifier));
  if (!r || string_at(r.get(), "loadType") != "track") return {};
  return string_at(r.get(), "data.encoded");
}

namespace {

JsonNode* node_at(JsonNode* root, const std::string& dotted) {
  JsonNode* n = root;
  std::size_t start = 0;
  while (n && start <= dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    if (dot == std::string::npos) dot = dotted.size();
    const std::string key = dotted.substr(start, dot - start);
    if (JSON_NODE_HOLDS_OBJECT(n)) {
      JsonObject* o = json_node_get_object(n);
      n = json_object_has_member(o, key.c_str()) ? json_object_get_member(o, key.c_str()) : nullptr;
    } else if (JSON_NODE_HOLDS_ARRAY(n)) {
      JsonArray* a = json_node_get_array(n);
      const guint i = static_cast<guint>(std::stoul(key));
      n = i < json_array_get_length(a) ? json_array_get_element(a, i) : nullptr;
    } else {
      n = nullptr;
    }
    start = dot + 1;
  }
  return n;
}

}  // namespace

std::int64_t int_at(JsonNode* root, const std::string& path) {
  JsonNode* n = root ? node_at(root, path) : nullptr;
  return n && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_int(n) : INT64_MIN;
}

std::string string_at(JsonNode* root, const std::string& path) {
  JsonNode* n = root ? node_at(root, path) : nullptr;
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
             ? json_node_get_string(n)
             : std::string();
}

bool bool_at(JsonNode* root, const std::string& path) {
  JsonNode* n = root ? node_at(root, path) : nullptr;
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN &&
         json_node_get_boolean(n);
}

std::int64_t stats_players(NodeEnv& env) {
  JsonNodePtr s = rest_json(env, "GET", "/v4/stats");
  return int_at(s.get(), "players");
}

}  // namespace lava::test
