#include "stats_json.h"

#include <glib.h>

#include "http/json.h"
#include "node.h"

namespace lava::server::stats {

namespace {

// Per playing player, per minute, since the previous WebSocket stats message, all three from the
// shared sender's own counters: deficit is the frames it was too late to send, not 3000 minus the
// others (that difference moves with the stats timer's own jitter: a window 5 ms long counts as
// a frame missing per player and minute at a 3 s interval).
void write_frame_stats(http::JsonWriter& w, Node& node, std::int64_t playing) {
  player::FrameTotals& last = node.frames_at_last_stats;
  gint64& last_us = node.last_stats_us;
  const player::FrameTotals now = node.pacer.totals();
  const gint64 now_us = g_get_monotonic_time();
  const double minutes = static_cast<double>(now_us - last_us) / 60e6;
  if (playing == 0 || minutes <= 0) {
    w.null("frameStats");
  } else {
    const double per = 1.0 / (static_cast<double>(playing) * minutes);
    const auto rate = [&](std::uint64_t now_count, std::uint64_t last_count) {
      return static_cast<std::int64_t>(static_cast<double>(now_count - last_count) * per);
    };
    w.begin_object("frameStats")
        .integer("sent", rate(now.sent, last.sent))
        .integer("nulled", rate(now.nulled, last.nulled))
        .integer("deficit", rate(now.deficit, last.deficit))
        .end_object();
  }
  last = now;
  last_us = now_us;
}

}  // namespace

std::string stats_json(Node& node, bool websocket) {
  std::int64_t players = 0, playing = 0;
  node.sessions.for_each([&](ws::Session& s) {
    for (const auto& [guild, p] : s.players()) {
      ++players;
      if (p->playing()) ++playing;
    }
  });
  double system_load = 0, process_load = 0;
  node.load.sample(&system_load, &process_load);
  const Memory m = SystemLoad::memory();
  http::JsonWriter w;
  w.begin_object();
  if (websocket) w.string("op", "stats");
  w.integer("players", players)
      .integer("playingPlayers", playing)
      .integer("uptime", (g_get_monotonic_time() - node.started_us) / 1000)
      .begin_object("memory")
      .integer("free", m.free)
      .integer("used", m.used)
      .integer("allocated", m.allocated)
      .integer("reservable", m.reservable)
      .end_object()
      .begin_object("cpu")
      .integer("cores", g_get_num_processors())
      .number("systemLoad", system_load)
      .number("lavalinkLoad", process_load)
      .end_object();
  if (websocket)
    write_frame_stats(w, node, playing);
  else
    w.null("frameStats");
  return w.end_object().str();
}

}  // namespace lava::server::stats
