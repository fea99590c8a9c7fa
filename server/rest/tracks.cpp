#include "tracks.h"

#include "http/json.h"
#include "http/response.h"
#include "node.h"
#include "sources/load_result.h"
#include "sources/loader.h"
#include "track/track_json.h"

namespace lava::server::rest {

namespace {

void decode_one(const http::Request& req) {
  const char* encoded = req.query_param("encodedTrack");
  if (!encoded) encoded = req.query_param("track");
  if (!encoded)
    return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "No track to decode provided");
  std::string error;
  auto info = track::decode_track(encoded, &error);
  if (!info) return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "Invalid track: " + error);
  track::Track t;
  t.encoded = encoded;
  t.info = std::move(*info);
  http::JsonWriter w;
  track::write_track(w, nullptr, t);
  http::respond_json(req.msg, SOUP_STATUS_OK, w.str());
}

void decode_many(const http::Request& req) {
  std::string error;
  JsonNodePtr root = http::parse_json(req.body(), &error);
  if (!root) return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "Invalid JSON: " + error);
  if (!JSON_NODE_HOLDS_ARRAY(root.get()))
    return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "Expected an array of encoded tracks");
  JsonArray* array = json_node_get_array(root.get());
  const guint n = json_array_get_length(array);
  if (n == 0)
    return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "No tracks to decode provided");
  http::JsonWriter w;
  w.begin_array();
  for (guint i = 0; i < n; ++i) {
    JsonNode* item = json_array_get_element(array, i);
    const char* encoded = JSON_NODE_HOLDS_VALUE(item) ? json_node_get_string(item) : nullptr;
    if (!encoded)
      return http::respond_error(req, SOUP_STATUS_BAD_REQUEST,
                                 "Element " + std::to_string(i) + " is not a string");
    auto info = track::decode_track(encoded, &error);
    if (!info)
      return http::respond_error(req, SOUP_STATUS_BAD_REQUEST,
                                 "Invalid track at index " + std::to_string(i) + ": " + error);
    track::Track t;
    t.encoded = encoded;
    t.info = std::move(*info);
    track::write_track(w, nullptr, t);
  }
  w.end_array();
  http::respond_json(req.msg, SOUP_STATUS_OK, w.str());
}

void load(Node& node, const http::Request& req) {
  const char* identifier = req.query_param("identifier");
  if (!identifier || !*identifier)
    return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "No identifier provided");
  SoupServerMessage* msg = req.msg;
  g_object_ref(msg);
  soup_server_message_pause(msg);
  node.loader.load(identifier, [msg](const sources::LoadResult& result) {
    http::respond_json(msg, SOUP_STATUS_OK, sources::load_result_json(result));
    soup_server_message_unpause(msg);
    g_object_unref(msg);
  });
}

}  // namespace

void add_track_routes(http::Router& router, Node& node) {
  router.add("GET", "/v4/decodetrack", decode_one);
  router.add("POST", "/v4/decodetracks", decode_many);
  router.add("GET", "/v4/loadtracks", [&node](const http::Request& req) { load(node, req); });
}

}  // namespace lava::server::rest
