#include "player.h"

#include "filters/filters_json.h"
#include "http/json.h"
#include "player/pull_tasks.h"
#include "sources/http_session.h"

namespace lava::server::player {

namespace {

// Track time per output time: Lavalink's timescale speed × rate (pitch keeps the tempo).
double timescale_ratio(JsonNode* filters) {
  JsonObject* o =
      filters && JSON_NODE_HOLDS_OBJECT(filters) ? json_node_get_object(filters) : nullptr;
  JsonNode* ts = o ? json_object_get_member(o, "timescale") : nullptr;
  if (!ts || !JSON_NODE_HOLDS_OBJECT(ts)) return 1.0;
  JsonObject* t = json_node_get_object(ts);
  return json_object_get_double_member_with_default(t, "speed", 1.0) *
         json_object_get_double_member_with_default(t, "rate", 1.0);
}

std::string playable_uri(const track::TrackInfo& info) {
  const std::string& location = info.uri ? *info.uri : info.identifier;
  if (info.source_name != "local" || location.starts_with("file://")) return location;
  GCharPtr uri(g_filename_to_uri(location.c_str(), nullptr, nullptr));
  return uri ? uri.get() : location;
}

// Lavalink's resamplingQuality as audioresample's quality (0–10). Lavalink's LOW is linear
// interpolation; GStreamer's lowest sinc quality is already above it.
int resample_quality(const std::string& name) {
  GCharPtr upper(g_ascii_strup(name.c_str(), -1));
  const std::string_view q(upper.get());
  return q == "HIGH" ? 10 : q == "MEDIUM" ? 4 : 0;
}

// Whether any filter changes the sound (Lavalink's FilterChain.isEnabled).
bool filters_active(JsonNode* filters) {
  lava::filters::FilterSettings f;
  std::string error;
  if (!filters || !lava::filters::parse_filters(http::to_json_string(filters), f, error))
    return false;
  using namespace lava::filters;
  return volume_active(f) || equalizer_active(f) || karaoke_active(f) || timescale_active(f) ||
         tremolo_active(f) || vibrato_active(f) || rotation_active(f) || distortion_active(f) ||
         channel_mix_active(f) || low_pass_active(f);
}

// Buffers the sink has taken since it was created (GstBaseSink's own count).
std::uint64_t rendered(GstElement* sink) {
  GstStructure* stats = nullptr;
  g_object_get(sink, "stats", &stats, nullptr);
  guint64 n = 0;
  if (stats) gst_structure_get_uint64(stats, "rendered", &n);
  if (stats) gst_structure_free(stats);
  return n;
}

}  // namespace

Player::Player(std::string guild_id, std::string user_id, const Config& config,
               const PlayerTemplate& pipeline, Pacer& pacer, Emit emit)
    : guild_id_(std::move(guild_id)),
      user_id_(std::move(user_id)),
      config_(config),
      pacer_(pacer),
      emit_(std::move(emit)),
      pipeline_(pipeline.build()),
      filters_(json_node_init_object(json_node_alloc(), json_object_new())) {
  if (!ok()) return;
  GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline_.pipeline.get()));
  gst_bus_add_watch(bus.get(), &Player::on_bus_message, this);
  gst_bus_set_sync_handler(bus.get(), sources::share_http_session, nullptr, nullptr);
  output_ = std::make_shared<PacedOutput>(LAVA_DISCORD_VOICE_SINK(pipeline_.sink));
  output_->on_end = [this] { on_end(); };
  output_->on_stuck = [this] { on_stuck(); };
  // The player runs the sink's state itself, so the voice connection outlives the tracks that
  // come and go before it (the rest of the pipeline goes back to READY between them). Without
  // async state changes the sink never waits for a preroll, so it is PLAYING before a new
  // track's stream-start reaches it.
  gst_element_set_locked_state(pipeline_.sink, TRUE);
  g_object_set(pipeline_.sink, "async", FALSE, nullptr);
  g_object_set(pipeline_.sink, "guild-id", guild_id_.c_str(), "user-id", user_id_.c_str(), nullptr);
  // bufferDurationMs: encoded frames queued for the sender (issue #11).
  g_object_set(pipeline_.sink, "buffer-duration", guint(config_.buffer_duration_ms), nullptr);
  if (pipeline_.encode)
    g_object_set(pipeline_.encode, "complexity", std::clamp(config_.opus_encoding_quality, 0, 10),
                 nullptr);
  if (pipeline_.resample)
    g_object_set(pipeline_.resample, "quality", resample_quality(config_.resampling_quality),
                 nullptr);
  update_passthrough();
  if (!config_.voice_tls_ca_file.empty())
    g_object_set(pipeline_.sink, "tls-ca-file", config_.voice_tls_ca_file.c_str(), nullptr);
  pacer_.add(output_);
}

Player::~Player() {
  if (!ok()) return;
  pacer_.remove(output_.get());
  output_->on_end = nullptr;
  output_->on_stuck = nullptr;
  GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline_.pipeline.get()));
  gst_bus_remove_watch(bus.get());
  // The sink first: that frees a streaming thread blocked on its full ring.
  gst_element_set_state(pipeline_.sink, GST_STATE_NULL);
  gst_element_set_state(pipeline_.pipeline.get(), GST_STATE_NULL);
}

void Player::reset_pipeline() {
  output_->active = false;
  GstElement* sink = pipeline_.sink;
  // PAUSED: no more frames go out (five silence frames, Speaking off), and a render() blocked
  // on the full ring moves on to the preroll wait, which the flush then ends.
  if (GST_STATE(sink) == GST_STATE_PLAYING) gst_element_set_state(sink, GST_STATE_PAUSED);
  GstObjectPtr<GstPad> pad(gst_element_get_static_pad(sink, "sink"));
  gst_pad_send_event(pad.get(), gst_event_new_flush_start());
  gst_element_set_state(pipeline_.pipeline.get(), GST_STATE_READY);
  gst_pad_send_event(pad.get(), gst_event_new_flush_stop(TRUE));
  // Messages of the previous track must not be taken for the next one's.
  GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline_.pipeline.get()));
  gst_bus_set_flushing(bus.get(), TRUE);
  gst_bus_set_flushing(bus.get(), FALSE);
  pending_seek_ms_ = -1;
}

void Player::update_active() {
  output_->active = track_.has_value() && !paused_;
}

void Player::restart_position(std::int64_t position_ms) {
  output_->holding = false;
  output_->position_ms = position_ms;
  output_->reset_to_ms = position_ms;
  paused_position_ms_ = position_ms;
}

void Player::play(track::Track t, std::int64_t start_ms) {
  if (track_)
    end_track(EndReason::kReplaced);
  else
    reset_pipeline();
  output_->end_reported = false;
  output_->stuck_reported = false;
  output_->stuck_ticks = 0;
  restart_position(std::max<std::int64_t>(0, start_ms));
  pending_seek_ms_ = start_ms > 0 ? start_ms : -1;
  rendered_at_start_ = rendered(pipeline_.sink);
  std::string source_error;
  const bool have_source = set_source(pipeline_, playable_uri(t.info), &source_error);
  track_ = std::move(t);
  track_->info.position = output_->position_ms;
  if (have_source) {
    apply_playing_state();
    update_active();
  }
  emit_(track_start_event(guild_id_, *track_));
  if (!have_source) {
    emit_(track_exception_event(guild_id_, *track_, "Something broke when playing the track.",
                                "fault", source_error));
    end_track(EndReason::kLoadFailed);
  }
}

void Player::stop() {
  if (track_) end_track(EndReason::kStopped);
}

void Player::clean_up() {
  if (track_) end_track(EndReason::kCleanup);
}

void Player::end_track(EndReason reason) {
  track::Track ended = std::move(*track_);
  track_.reset();
  ended.info.position = output_->position_ms;
  reset_pipeline();
  output_->end_time_ms = -1;
  emit_(track_end_event(guild_id_, ended, reason));
}

void Player::seek(std::int64_t position_ms) {
  if (!track_ || track_->info.is_stream) return;
  position_ms = std::clamp<std::int64_t>(position_ms, 0, track_->info.length);
  output_->stuck_ticks = 0;
  GstState state = GST_STATE_NULL;
  gst_element_get_state(pipeline_.pipeline.get(), &state, nullptr, 0);
  if (state < GST_STATE_PAUSED || pending_seek_ms_ >= 0) {
    restart_position(position_ms);
    pending_seek_ms_ = position_ms;
    return;
  }
  // Clients see the new position at once; the pacer counts from it once the flush has dropped
  // the old position's frames from the sink's ring.
  output_->holding = true;
  output_->position_ms = position_ms;
  paused_position_ms_ = position_ms;
  struct Seek {
    std::shared_ptr<PacedOutput> output;
    std::int64_t position_ms;
  };
  // A flushing seek over HTTP can wait on the source's new request: keep it off the main loop.
  gst_element_call_async(
      pipeline_.pipeline.get(),
      [](GstElement* pipeline, gpointer data) {
        auto* seek = static_cast<Seek*>(data);
        gst_element_seek_simple(
            pipeline, GST_FORMAT_TIME,
            static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE),
            seek->position_ms * GST_MSECOND);
        seek->output->reset_to_ms = seek->position_ms;
        seek->output->holding = false;
      },
      new Seek{output_, position_ms}, [](gpointer data) { delete static_cast<Seek*>(data); });
}

GstState Player::playing_state() const {
  return paused_ ? GST_STATE_PAUSED : GST_STATE_PLAYING;
}

void Player::set_paused(bool paused) {
  paused_ = paused;
  update_active();
  paused_position_ms_ = output_->position_ms;
  // PLAYING → PAUSED makes the sink send five silence frames and keep its ring.
  if (track_) apply_playing_state();
}

void Player::apply_playing_state() {
  gst_element_set_state(pipeline_.sink, playing_state());
  gst_element_set_state(pipeline_.pipeline.get(), playing_state());
}

void Player::set_volume(int volume) {
  volume_ = volume;
  g_object_set(pipeline_.volume, "volume", volume / 100.0, nullptr);
  update_passthrough();
}

void Player::update_passthrough() {
  // The chain's new settings are in place before the next packet is routed through it.
  const bool passthrough = volume_ == 100 && !filters_active(filters_.get());
  g_object_set(pipeline_.opus_route, "passthrough", passthrough, nullptr);
}

void Player::set_end_time(std::optional<std::int64_t> end_ms) {
  output_->end_time_ms = end_ms.value_or(-1);
}

void Player::set_filters(JsonNodePtr filters) {
  filters_ = std::move(filters);
  // lavafilters takes the new object at its next buffer; the sink's ring (bufferDurationMs)
  // is how long the old filters are still heard.
  if (pipeline_.filters)
    g_object_set(pipeline_.filters, "filters", http::to_json_string(filters_.get()).c_str(),
                 nullptr);
  output_->frame_track_ms = static_cast<double>(kFrameMs) * timescale_ratio(filters_.get());
  update_passthrough();
}

void Player::set_voice(VoiceState voice) {
  voice_ = std::move(voice);
  g_object_set(pipeline_.sink, "endpoint", voice_.endpoint.c_str(), "token", voice_.token.c_str(),
               "session-id", voice_.session_id.c_str(), "channel-id", voice_.channel_id.c_str(),
               nullptr);
  // As Lavalink, the voice connection comes up with the voice state, track or not.
  if (GST_STATE(pipeline_.sink) < GST_STATE_PAUSED)
    gst_element_set_state(pipeline_.sink, GST_STATE_PAUSED);
}

void Player::set_user_data(std::shared_ptr<JsonNode> user_data) {
  if (track_) track_->user_data = std::move(user_data);
}

PlayerStateView Player::state() const {
  PlayerStateView s;
  // The frame that was on its way into the sink when the pause came may still move the probe.
  s.position_ms = !track_ ? 0 : paused_ ? paused_position_ms_ : output_->position_ms.load();
  gboolean connected = FALSE;
  gint ping = -1;
  g_object_get(pipeline_.sink, "connected", &connected, "ping-ms", &ping, nullptr);
  s.connected = connected;
  s.ping_ms = connected ? ping : -1;
  return s;
}

gboolean Player::on_bus_message(GstBus*, GstMessage* msg, gpointer self_ptr) {
  auto* self = static_cast<Player*>(self_ptr);
  switch (GST_MESSAGE_TYPE(msg)) {
    case GST_MESSAGE_ERROR:
      self->on_error(msg);
      break;
    case GST_MESSAGE_EOS:
      // The sink posts EOS once the track's last frame has left.
      if (self->track_ && !self->output_->end_reported.exchange(true)) self->on_end();
      break;
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name(msg, "discordvoice-closed"))
        self->on_voice_closed(gst_message_get_structure(msg));
      break;
    case GST_MESSAGE_STREAM_START:
      // The track streams: typefind's pull task now only waits (pull_tasks.h).
      stop_idle_pull_tasks(GST_BIN(self->pipeline_.pipeline.get()));
      break;
    case GST_MESSAGE_ASYNC_DONE:
      if (self->pending_seek_ms_ >= 0 && self->track_) {
        const std::int64_t target = self->pending_seek_ms_;
        self->pending_seek_ms_ = -1;
        self->seek(target);
      }
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

void Player::on_error(GstMessage* msg) {
  if (!track_) return;
  GError* err = nullptr;
  gchar* debug = nullptr;
  gst_message_parse_error(msg, &err, &debug);
  const std::string message = err ? err->message : "unknown error";
  const std::string cause = debug ? debug : message;
  g_clear_error(&err);
  g_free(debug);
  emit_(track_exception_event(guild_id_, *track_, "Something broke when playing the track.",
                              "fault", message + " (" + cause + ")"));
  // As lavaplayer: `loadFailed` only for a track that failed before any audio came out of it; a
  // source that dies mid-stream ends it with `finished`.
  const bool had_audio = rendered(pipeline_.sink) != rendered_at_start_;
  end_track(had_audio ? EndReason::kFinished : EndReason::kLoadFailed);
}

void Player::on_voice_closed(const GstStructure* s) {
  gint code = 0;
  gboolean by_remote = FALSE, resuming = FALSE;
  gst_structure_get_int(s, "code", &code);
  gst_structure_get_boolean(s, "by-remote", &by_remote);
  gst_structure_get_boolean(s, "resuming", &resuming);
  // As Lavalink (koe): a close the voice connection resumes from by itself is not reported.
  if (resuming) return;
  const char* reason = gst_structure_get_string(s, "reason");
  emit_(websocket_closed_event(guild_id_, code, reason ? reason : "", by_remote));
}

void Player::on_end() {
  // A notification from before the last play()/stop() is stale.
  if (!track_ || !output_->end_reported) return;
  end_track(EndReason::kFinished);
}

void Player::on_stuck() {
  if (!track_) return;
  emit_(track_stuck_event(guild_id_, *track_, config_.track_stuck_threshold_ms));
}

}  // namespace lava::server::player
