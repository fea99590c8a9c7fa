// Everything one running node owns, handed to the REST handlers and the WebSocket endpoint.
#pragma once

#include <glib.h>

#include "config.h"
#include "player/pacer.h"
#include "player/pipeline.h"
#include "sources/loader.h"
#include "stats/system_load.h"
#include "ws/sessions.h"

namespace lava::server {

struct Node {
  Node(Config c, player::PlayerTemplate player_pipeline)
      : config(std::move(c)),
        player_template(std::move(player_pipeline)),
        pacer(g_main_context_default(),
              static_cast<std::uint64_t>(config.track_stuck_threshold_ms / player::kFrameMs)),
        loader(config),
        sessions(*this),
        started_us(g_get_monotonic_time()) {}

  Config config;
  player::PlayerTemplate player_template;
  player::Pacer pacer;
  sources::Loader loader;
  ws::Sessions sessions;
  stats::SystemLoad load;
  const gint64 started_us;
  // Pacer totals when the last WebSocket stats went out: frameStats cover the time since.
  player::FrameTotals frames_at_last_stats;
  gint64 last_stats_us = g_get_monotonic_time();
};

}  // namespace lava::server
