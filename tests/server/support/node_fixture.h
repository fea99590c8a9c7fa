// Shared setup for the node's integration tests: one lavalink-gst process per test suite, a
// local Range-capable media server with generated tones, and a local root directory.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "media_server.h"
#include "server_process.h"
#include "ws_client.h"

namespace lava::test {

constexpr const char* kPassword = "test-pass";

struct NodeEnv {
  std::unique_ptr<MediaServer> media;
  std::unique_ptr<ServerProcess> node;
  std::string local_root;  // a temp dir the node may read
  std::string outside;     // a temp dir it may not
};

// Starts media + node; `extra_yaml` is appended under the top level (e.g. gstLavalink keys).
std::unique_ptr<NodeEnv> start_node_env(const std::string& extra_lavalink_server_yaml = "",
                                        const std::string& extra_gst_lavalink_yaml = "");
void stop_node_env(std::unique_ptr<NodeEnv>& env);

// The 30 s Ogg/Vorbis 440 Hz tone the media server serves as /long.ogg.
const std::string& long_ogg_tone();
// 30 s of a 440 Hz stereo tone in Ogg/Opus (20 ms packets): served at /long.opus and in the local
// root as long.opus.
const std::string& long_opus_tone();

// REST helpers against env's node.
HttpReply rest(NodeEnv& env, const std::string& method, const std::string& path,
               const std::string& body = {});
JsonNodePtr rest_json(NodeEnv& env, const std::string& method, const std::string& path,
                      const std::string& body = {}, unsigned expect_status = 200);
std::string url_escape(const std::string& s);
// The WebSocket of a new session, already past `ready`; `session_id` receives its id.
std::unique_ptr<WsClient> open_session(NodeEnv& env, std::string* session_id);
// Loads `identifier` and returns the encoded track (empty if not loadType track).
std::string load_encoded(NodeEnv& env, const std::string& identifier);
std::int64_t int_at(JsonNode* root, const std::string& dotted_path);
std::string string_at(JsonNode* root, const std::string& dotted_path);
bool bool_at(JsonNode* root, const std::string& dotted_path);
std::int64_t stats_players(NodeEnv& env);

}  // namespace lava::test
