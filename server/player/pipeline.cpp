#include "pipeline.h"

#include <map>

#include "lava_config.h"
#include "loader.h"

namespace lava::server::player {

namespace {

// The node fills these of the file's parameters; the rest keep the file's defaults.
const std::map<std::string, std::string>& node_parameters() {
  static const std::map<std::string, std::string> params = {{"source", "urisourcebin"},
                                                            {"sink", "discordvoicesink"}};
  return params;
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
  p.source = loaded.element("source");
  p.filters = loaded.element("filters");
  p.volume = loaded.element("volume");
  p.sink = loaded.element("sink");
  if (!has_property(p.filters, "filters")) p.filters = nullptr;
  const char* missing = !has_property(p.source, "uri")         ? "a 'source' node (${source})"
                        : !has_property(p.volume, "volume")    ? "a 'volume' node (volume)"
                        : !has_property(p.sink, "frames-sent") ? "a 'sink' node (${sink})"
                                                               : nullptr;
  if (missing) {
    *error = path_ + ": the node needs " + missing;
    return {};
  }
  p.pipeline.reset(GST_ELEMENT(loaded.pipeline.release()));
  return p;
}

PlayerPipeline PlayerTemplate::build() const {
  std::string error;
  PlayerPipeline p = build(&error);
  if (!p.pipeline) g_warning("cannot build a player: %s", error.c_str());
  return p;
}

std::string player_pipeline_path(const Config& config) {
  if (!config.player_pipeline.empty()) return config.player_pipeline;
  return pipelines_parent() + "/pipelines/player.yaml";
}

}  // namespace lava::server::player
