// The GStreamer side of one player. The player description (pipelines/player.yaml,
// docs/pipelines.md) is the transcoding chain: decoder → 48 kHz stereo F32 → lavafilters →
// volume → lavaopusenc (20 ms frames) → discordvoicesink, whose shared sender paces it. The node
// puts the track's own source (made per URI), parsebin and the Opus route and join
// (opus_switch.h) around it, so one streaming thread runs the whole pipeline:
//   source → parsebin → route ─(Opus passthrough)─────────────────────────────▶ join → sink
//                             └▶ decoder → … → lavaopusenc (the YAML's chain) ─┘
#pragma once

#include <gst/gst.h>

#include <optional>
#include <string>

#include "config.h"
#include "gobject_ptr.h"

namespace lava::server::player {

struct PlayerPipeline {
  GstObjectPtr<GstElement> pipeline;
  GstElement* source = nullptr;      // the current track's source; none before the first track
  GstElement* parse = nullptr;       // parsebin: demuxes and parses what the source reads
  GstElement* opus_route = nullptr;  // `passthrough` on while nothing changes the audio
  GstElement* resample = nullptr;    // audioresample: lavalink.server.resamplingQuality
  GstElement* encode = nullptr;      // lavaopusenc: lavalink.server.opusEncodingQuality
  GstElement* filters = nullptr;     // lavafilters (`filters` JSON); null if the file has none
  GstElement* volume = nullptr;      // player volume, 1.0 = 100
  GstElement* sink = nullptr;        // discordvoicesink; the voice credentials go here
};

// The player description, read once when the node starts and built once per player.
class PlayerTemplate {
 public:
  // Reads `path` and builds one pipeline from it as a check. On failure returns nullopt with the
  // loader's file:line:column message, or what the node needs and the file lacks, in *error.
  static std::optional<PlayerTemplate> load(const std::string& path, std::string* error);

  // A new pipeline; a null `pipeline` only if the build fails now although load() succeeded.
  PlayerPipeline build() const;
  const std::string& path() const { return path_; }

 private:
  PlayerTemplate(std::string path, std::string yaml);
  PlayerPipeline build(std::string* error) const;

  std::string path_;
  std::string yaml_;
};

// Replaces p's source (the pipeline must be in READY or below) by one made for `uri`: filesrc,
// souphttpsrc, … as GStreamer's URI handlers pick, checked by the node's source guard. Returns
// false with the reason in *error when no element handles the URI.
bool set_source(PlayerPipeline& p, const std::string& uri, std::string* error);

// Where the player description is read from: gstLavalink.playerPipeline when set; the source
// tree's pipelines/player.yaml when this binary runs from its build tree; else the installed
// <datadir>/gst-lavalink/pipelines/player.yaml, found relative to the binary first (a tree
// installed with --destdir or moved elsewhere), then under the configured prefix.
std::string player_pipeline_path(const Config& config);

}  // namespace lava::server::player
