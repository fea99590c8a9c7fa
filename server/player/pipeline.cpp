#include "pipeline.h"

#include <map>

#include "discord/discordvoicesink.h"
#include "lava_config.h"
#include "loader.h"
#include "player/decoder_slot.h"
#include "player/opus_switch.h"
#include "sources/source_guard.h"

namespace lava::server::player {

namespace {

// The node fills these of the file's parameters; the rest keep the file's defaults. The
// source is a stand-in: each track gets its own (set_source).
const std::map<std::string, std::string>& node_parameters() {
  static const std::map<std::string, std::string> params = {{"source", "filesrc"},
                                                            {"sink", "discordvoicesink"}};
  return params;
}

GstObjectPtr<GstPad> peer_of(GstElement* e, const char* pad_name) {
  GstObjectPtr<GstPad> pad(gst_element_get_static_pad(e, pad_name));
  return GstObjectPtr<GstPad>(pad ? gst_pad_get_peer(pad.get()) : nullptr);
}

bool link_pads(GstElement* from, const char* from_pad, GstPad* to) {
  GstObjectPtr<GstPad> pad(gst_element_get_static_pad(from, from_pad));
  return pad && gst_pad_link(pad.get(), to) == GST_PAD_LINK_OK;
}

// The element the YAML links after node `id` (its first such link).
GstElement* successor(const pipelines::LoadResult& loaded, const std::string& id) {
  for (const auto& link : loaded.spec.links)
    if (link.from.node == id && link.caps.empty()) return loaded.element(link.to.node);
  return nullptr;
}

// A transcoding refill (decode, filters, encode) waits for the CPU among every other player's,
// while passthrough's is a few copies. The sink's default 100 ms held 2000 passthrough players,
// but on a busy machine transcoding threads missed it now and then at 150–200 players
// (docs/performance.md, "Transcoding"): they are woken with twice that left, which at 400 ms
// of buffer means half again as many (shorter) wake-ups, for those streams only.
constexpr guint kTranscodingRefillMarginMs = 200;

void on_transcoding(GObject* route, GParamSpec*, gpointer sink) {
  gboolean transcoding = FALSE;
  g_object_get(route, "transcoding", &transcoding, nullptr);
  GParamSpec* margin = g_object_class_find_property(G_OBJECT_GET_CLASS(sink), "refill-margin");
  g_object_set(sink, "refill-margin",
               transcoding ? kTranscodingRefillMarginMs : G_PARAM_SPEC_UINT(margin)->default_value,
               nullptr);
}

// Takes the YAML's source and decoder out and puts parsebin, the decoder slot and the Opus route
// and join around the rest of the transcoding chain (up to what precedes the sink).
bool wrap_transcoding_chain(PlayerPipeline& p, const pipelines::LoadResult& loaded,
                            GstElement* yaml_source) {
  GstObjectPtr<GstPad> head = peer_of(yaml_source, "src");
  GstObjectPtr<GstPad> tail = peer_of(p.sink, "sink");
  GstObjectPtr<GstElement> decode(head ? gst_pad_get_parent_element(head.get()) : nullptr);
  GstElement* after_decode = decode ? successor(loaded, GST_OBJECT_NAME(decode.get())) : nullptr;
  GstObjectPtr<GstPad> next(after_decode ? gst_element_get_static_pad(after_decode, "sink")
                                         : nullptr);
  if (!tail || !next) return false;
  GstObjectPtr<GstPad> sink_pad(gst_element_get_static_pad(p.sink, "sink"));
  gst_pad_unlink(tail.get(), sink_pad.get());
  gst_bin_remove_many(GST_BIN(p.pipeline.get()), yaml_source, decode.get(), nullptr);
  p.parse = gst_element_factory_make("parsebin", "parse");
  if (!p.parse) return false;
  p.opus_route = make_opus_route();
  GstElement* join = make_opus_join();
  gst_object_set_name(GST_OBJECT(p.opus_route), "opus-route");
  g_signal_connect_object(p.opus_route, "notify::transcoding", G_CALLBACK(on_transcoding), p.sink,
                          GConnectFlags(0));
  gst_object_set_name(GST_OBJECT(join), "opus-join");
  gst_bin_add_many(GST_BIN(p.pipeline.get()), p.parse, p.opus_route, join, nullptr);
  attach_decoder_slot(p.pipeline.get(), p.parse, p.opus_route, next.get());
  GstObjectPtr<GstPad> transcoded(gst_element_get_static_pad(join, "transcoded_sink"));
  return gst_element_link_pads(p.opus_route, "pass_src", join, "pass_sink") &&
         gst_pad_link(tail.get(), transcoded.get()) == GST_PAD_LINK_OK &&
         link_pads(join, "src", sink_pad.get());
}

bool has_property(GstElement* e, const char* name) {
  return e && g_object_class_find_property(G_OBJECT_GET_CLASS(e), name);
}

// The directory `pipelines/` is in: the source tree when this binary runs from its build tree,
// else the data directory next to the installed binary, else the configured prefix's.
std::string pipelines_parent() {
  GCharPtr exe(g_file_read_link("/proc/self/exe", nullptr));
  if (!exe) return LAVA_DATADIR;
  if (std::string_view(exe.get()).starts_with(LAVA_BUILD_ROOT "/")) return LAVA_SOURCE_ROOT;
  GCharPtr bindir(g_path_get_dirname(exe.get()));
  const std::string relocated = std::string(bindir.get()) + "/" + LAVA_DATADIR_FROM_BINDIR;
  return g_file_test(relocated.c_str(), G_FILE_TEST_IS_DIR) ? relocated : LAVA_DATADIR;
}

}  // namespace

PlayerTemplate::PlayerTemplate(std::string path, std::string yaml)
    : path_(std::move(path)), yaml_(std::move(yaml)) {}

std::optional<PlayerTemplate> PlayerTemplate::load(const std::string& path, std::string* error) {
  gchar* text = nullptr;
  gsize size = 0;
  GError* read_error = nullptr;
  if (!g_file_get_contents(path.c_str(), &text, &size, &read_error)) {
    *error = "player pipeline " + path + ": " + read_error->message;
    g_error_free(read_error);
    return std::nullopt;
  }
  PlayerTemplate t(path, std::string(text, size));
  g_free(text);
  PlayerPipeline check = t.build(error);
  if (!check.pipeline) return std::nullopt;
  if (!check.filters)
    g_warning("player pipeline %s has no 'filters' node: PATCH filters will not be heard",
              path.c_str());
  return t;
}

PlayerPipeline PlayerTemplate::build(std::string* error) const {
  pipelines::LoadOptions options;
  options.source_name = path_;
  auto loaded = pipelines::load_string(yaml_, node_parameters(), options);
  if (!loaded) {
    *error = loaded.error->to_string();
    return {};
  }
  PlayerPipeline p;
  GstElement* yaml_source = loaded.element("source");
  p.filters = loaded.element("filters");
  p.volume = loaded.element("volume");
  p.resample = loaded.element("resample");
  p.encode = loaded.element("encode");
  p.sink = loaded.element("sink");
  if (!has_property(p.filters, "filters")) p.filters = nullptr;
  if (!has_property(p.resample, "quality")) p.resample = nullptr;
  if (!has_property(p.encode, "complexity")) p.encode = nullptr;
  const char* missing = !yaml_source                          ? "a 'source' node (${source})"
                        : !has_property(p.volume, "volume")   ? "a 'volume' node (volume)"
                        : !LAVA_IS_DISCORD_VOICE_SINK(p.sink) ? "a 'sink' node (${sink})"
                                                              : nullptr;
  if (missing) {
    *error = path_ + ": the node needs " + missing;
    return {};
  }
  p.pipeline.reset(GST_ELEMENT(gst_object_ref(loaded.pipeline.get())));
  if (!wrap_transcoding_chain(p, loaded, yaml_source)) {
    *error = path_ +
             ": the node needs the source linked to a decoder node that is linked on (without "
             "caps), the sink linked, and parsebin";
    return {};
  }
  return p;
}

PlayerPipeline PlayerTemplate::build() const {
  std::string error;
  PlayerPipeline p = build(&error);
  if (!p.pipeline) g_warning("cannot build a player: %s", error.c_str());
  return p;
}

bool set_source(PlayerPipeline& p, const std::string& uri, std::string* error) {
  clear_decoder_slot(p.pipeline.get());
  if (p.source) {
    gst_element_set_state(p.source, GST_STATE_NULL);
    gst_bin_remove(GST_BIN(p.pipeline.get()), p.source);
    p.source = nullptr;
  }
  GError* make_error = nullptr;
  GstElement* source = gst_element_make_from_uri(GST_URI_SRC, uri.c_str(), "source", &make_error);
  if (!source) {
    *error = make_error ? make_error->message : "no source element for " + uri;
    g_clear_error(&make_error);
    return false;
  }
  sources::guard_source(source);
  gst_bin_add(GST_BIN(p.pipeline.get()), source);
  if (!gst_element_link(source, p.parse)) {
    gst_bin_remove(GST_BIN(p.pipeline.get()), source);
    *error = "cannot link the source for " + uri;
    return false;
  }
  p.source = source;
  return true;
}

std::string player_pipeline_path(const Config& config) {
  if (!config.player_pipeline.empty()) return config.player_pipeline;
  return pipelines_parent() + "/pipelines/player.yaml";
}

}  // namespace lava::server::player
