#include "info.h"

#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "git_info.h"
#include "gobject_ptr.h"
#include "http/response.h"
#include "lava_config.h"

namespace lava::server::rest {

namespace {

// Lavalink's version string: the protocol release we match, with our own version as build
// metadata (clients parse the major version to pick the v4 API).
std::string version_string() {
  return std::string(LAVA_PROTOCOL_VERSION) + "+gst-lavalink." + LAVA_VERSION;
}

struct GitInfo {
  std::string commit = "unknown";
  std::string branch = "unknown";
  std::int64_t commit_time_ms = 0;
};

GitInfo git_info() {
  GitInfo g;
  std::istringstream in(LAVA_GIT_DESCRIBE);
  std::int64_t seconds = 0;
  if (in >> g.commit >> g.branch >> seconds) g.commit_time_ms = seconds * 1000;
  return g;
}

void add_string(JsonBuilder* b, const char* name, const std::string& value) {
  json_builder_set_member_name(b, name);
  json_builder_add_string_value(b, value.c_str());
}

void add_int(JsonBuilder* b, const char* name, std::int64_t value) {
  json_builder_set_member_name(b, name);
  json_builder_add_int_value(b, value);
}

void add_enabled_names(JsonBuilder* b, const char* name, const std::map<std::string, bool>& set,
                       std::initializer_list<const char*> implemented) {
  json_builder_set_member_name(b, name);
  json_builder_begin_array(b);
  for (const char* n : implemented) {
    auto it = set.find(n);
    if (it != set.end() && it->second) json_builder_add_string_value(b, n);
  }
  json_builder_end_array(b);
}

std::string info_json(const Config& config) {
  GObjectPtr<JsonBuilder> owner(json_builder_new());
  JsonBuilder* b = owner.get();
  guint major = 0, minor = 0, micro = 0, nano = 0;
  gst_version(&major, &minor, &micro, &nano);

  json_builder_begin_object(b);
  json_builder_set_member_name(b, "version");
  json_builder_begin_object(b);
  add_string(b, "semver", version_string());
  unsigned pmajor = 0, pminor = 0, ppatch = 0;
  std::sscanf(LAVA_PROTOCOL_VERSION, "%u.%u.%u", &pmajor, &pminor, &ppatch);
  add_int(b, "major", pmajor);
  add_int(b, "minor", pminor);
  add_int(b, "patch", ppatch);
  json_builder_set_member_name(b, "preRelease");
  json_builder_add_null_value(b);
  add_string(b, "build", std::string("gst-lavalink.") + LAVA_VERSION);
  json_builder_end_object(b);
  const GitInfo git = git_info();
  add_int(b, "buildTime", git.commit_time_ms);
  json_builder_set_member_name(b, "git");
  json_builder_begin_object(b);
  add_string(b, "branch", git.branch);
  add_string(b, "commit", git.commit);
  add_int(b, "commitTime", git.commit_time_ms);
  json_builder_end_object(b);
  add_string(b, "jvm",
             "none (C++20, GStreamer " + std::to_string(major) + "." + std::to_string(minor) + "." +
                 std::to_string(micro) + ")");
  add_string(b, "lavaplayer", std::string("gst-lavalink ") + LAVA_VERSION);
  add_enabled_names(b, "sourceManagers", config.sources, {"http", "local"});
  add_enabled_names(b, "filters", config.filters,
                    {"volume", "equalizer", "karaoke", "timescale", "tremolo", "vibrato",
                     "distortion", "rotation", "channelMix", "lowPass"});
  json_builder_set_member_name(b, "plugins");
  json_builder_begin_array(b);
  json_builder_end_array(b);
  json_builder_end_object(b);

  JsonNodePtr root(json_builder_get_root(b));
  GCharPtr text(json_to_string(root.get(), FALSE));
  return text.get();
}

}  // namespace

void add_info_routes(http::Router& router, const Config& config) {
  // Both answers never change while the node runs: build them once.
  router.add("GET", "/version", [version = version_string()](const http::Request& req) {
    http::respond_text(req.msg, SOUP_STATUS_OK, version);
  });
  router.add("GET", "/v4/info", [info = info_json(config)](const http::Request& req) {
    http::respond_json(req.msg, SOUP_STATUS_OK, info);
  });
}

}  // namespace lava::server::rest
