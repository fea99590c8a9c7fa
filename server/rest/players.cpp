#include "players.h"

#include "filters/filters_json.h"
#include "http/json.h"
#include "http/response.h"
#include "node.h"
#include "player/update.h"
#include "sources/load_result.h"

namespace lava::server::rest {

namespace {

using player::Player;
using player::PlayerUpdate;

void write_player(http::JsonWriter& w, const Player& p) {
  w.begin_object().string("guildId", p.guild_id());
  if (p.track()) {
    track::Track t = *p.track();
    t.info.position = p.state().position_ms;
    track::write_track(w, "track", t);
  } else {
    w.null("track");
  }
  w.integer("volume", p.volume()).boolean("paused", p.paused());
  player::write_player_state(w, "state", p.state());
  w.begin_object("voice")
      .string("token", p.voice().token)
      .string("endpoint", p.voice().endpoint)
      .string("sessionId", p.voice().session_id)
      .string("channelId", p.voice().channel_id)
      .end_object();
  w.node("filters", p.filters());
  w.end_object();
}

std::string player_json(const Player& p) {
  http::JsonWriter w;
  write_player(w, p);
  return w.str();
}

ws::Session* session_or_404(Node& node, const http::Request& req) {
  ws::Session* s = node.sessions.find(req.params.at(0));
  if (!s) http::respond_error(req, SOUP_STATUS_NOT_FOUND, "Session not found");
  return s;
}

void list_players(Node& node, const http::Request& req) {
  ws::Session* s = session_or_404(node, req);
  if (!s) return;
  http::JsonWriter w;
  w.begin_array();
  for (const auto& [guild, p] : s->players()) write_player(w, *p);
  w.end_array();
  http::respond_json(req.msg, SOUP_STATUS_OK, w.str());
}

void get_player(Node& node, const http::Request& req) {
  ws::Session* s = session_or_404(node, req);
  if (!s) return;
  Player* p = s->find_player(req.params.at(1));
  if (!p) return http::respond_error(req, SOUP_STATUS_NOT_FOUND, "Player not found");
  http::respond_json(req.msg, SOUP_STATUS_OK, player_json(*p));
}

void delete_player(Node& node, const http::Request& req) {
  ws::Session* s = session_or_404(node, req);
  if (!s) return;
  if (!s->destroy_player(req.params.at(1)))
    return http::respond_error(req, SOUP_STATUS_NOT_FOUND, "Player not found");
  http::respond_empty(req.msg, SOUP_STATUS_NO_CONTENT);
}

// The filters in `filters` (non-null members) that lavalink.server.filters turns off, as
// Lavalink lists them: "a, b".
std::string disabled_filters(const Config& config, JsonNode* filters) {
  std::string names;
  JsonObject* o = json_node_get_object(filters);
  for (const auto& [name, enabled] : config.filters) {
    JsonNode* member = json_object_get_member(o, name.c_str());
    if (enabled || !member || JSON_NODE_HOLDS_NULL(member)) continue;
    names += (names.empty() ? "" : ", ") + name;
  }
  return names;
}

// Everything but resolving an identifier: runs once the new track (if any) is known.
void apply(Player& p, PlayerUpdate& u, std::optional<track::Track> next, bool no_replace) {
  if (u.paused) p.set_paused(*u.paused);
  if (u.volume) p.set_volume(*u.volume);
  if (u.filters) p.set_filters(std::move(u.filters));
  if (u.voice) p.set_voice(std::move(*u.voice));
  const bool replace = !(no_replace && p.track());
  const bool stop = u.track && u.track->has_encoded && !u.track->encoded;
  if (next && replace) {
    p.play(std::move(*next), u.position.value_or(0));
  } else if (stop) {
    p.stop();
  } else {
    if (u.track && u.track->user_data && !u.track->has_encoded && !u.track->identifier)
      p.set_user_data(u.track->user_data);
    if (u.position) p.seek(*u.position);
  }
  if (u.has_end_time) p.set_end_time(u.end_time);
}

void finish_update(Node& node, const http::Request& req, PlayerUpdate& u,
                   std::optional<track::Track> next, bool no_replace) {
  ws::Session* s = session_or_404(node, req);
  if (!s) return;
  Player* p = s->player(req.params.at(1));
  if (!p)
    return http::respond_error(req, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                               "The player pipeline could not be created");
  apply(*p, u, std::move(next), no_replace);
  http::respond_json(req.msg, SOUP_STATUS_OK, player_json(*p));
}

void update_player(Node& node, const http::Request& req) {
  if (!session_or_404(node, req)) return;
  std::string error;
  JsonNodePtr root = http::parse_json(req.body(), &error);
  if (!root) return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "Invalid JSON: " + error);
  auto update = player::parse_player_update(root.get(), &error);
  if (!update) return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, error);
  if (update->filters) {
    const std::string disabled = disabled_filters(node.config, update->filters.get());
    if (!disabled.empty())
      return http::respond_error(req, SOUP_STATUS_BAD_REQUEST,
                                 "Following filters are disabled in the config: " + disabled);
    // Validated (400 naming the field) and echoed the way Lavalink writes it back.
    filters::FilterSettings settings;
    if (!filters::parse_filters(http::to_json_string(update->filters.get()), settings, error))
      return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, error);
    update->filters = http::parse_json(filters::to_json(settings), &error);
  }
  const char* no_replace_param = req.query_param("noReplace");
  const bool no_replace = no_replace_param && std::string_view(no_replace_param) == "true";
  std::optional<track::Track> next;
  if (update->track && update->track->encoded) {
    auto info = track::decode_track(*update->track->encoded, &error);
    if (!info) return http::respond_error(req, SOUP_STATUS_BAD_REQUEST, "Invalid track: " + error);
    next = track::Track{*update->track->encoded, std::move(*info), update->track->user_data};
  }
  if (!update->track || !update->track->identifier)
    return finish_update(node, req, *update, std::move(next), no_replace);

  // The identifier is resolved like /v4/loadtracks; the answer waits for it.
  auto pending = std::make_shared<PlayerUpdate>(std::move(*update));
  auto copy = std::make_shared<http::Request>(req);
  copy->query = nullptr;  // libsoup frees the query table when this handler returns
  g_object_ref(req.msg);
  soup_server_message_pause(req.msg);
  node.loader.load(*pending->track->identifier, [&node, pending, copy,
                                                 no_replace](const sources::LoadResult& r) {
    SoupServerMessage* msg = copy->msg;
    if (r.type != sources::LoadResult::Type::kTrack) {
      http::respond_error(*copy, SOUP_STATUS_BAD_REQUEST,
                          "No single track found for identifier " + *pending->track->identifier);
    } else {
      track::Track t = track::make_track(r.tracks.at(0));
      t.user_data = pending->track->user_data;
      finish_update(node, *copy, *pending, std::move(t), no_replace);
    }
    soup_server_message_unpause(msg);
    g_object_unref(msg);
  });
}

}  // namespace

void add_player_routes(http::Router& router, Node& node) {
  const std::string base = "/v4/sessions/{}/players";
  router.add("GET", base, [&node](const http::Request& r) { list_players(node, r); });
  router.add("GET", base + "/{}", [&node](const http::Request& r) { get_player(node, r); });
  router.add("PATCH", base + "/{}", [&node](const http::Request& r) { update_player(node, r); });
  router.add("DELETE", base + "/{}", [&node](const http::Request& r) { delete_player(node, r); });
}

}  // namespace lava::server::rest
