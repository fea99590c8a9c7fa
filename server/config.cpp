#include "config.h"

#include <glib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

#include "yaml_tree.h"

namespace lava::server {

namespace {

// Lower-case with '-' and '_' dropped: Spring's relaxed binding.
std::string canonical(std::string_view key) {
  std::string out;
  for (char c : key)
    if (c != '-' && c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Reader {
  const std::string& origin;
  std::string* error;

  bool fail(const YamlNode& node, const std::string& what) {
    *error = origin + ":" + std::to_string(node.mark.line) + ":" +
             std::to_string(node.mark.column) + ": " + what;
    return false;
  }

  template <typename Int>
  bool to_int(const YamlNode& node, const std::string& key, Int& out) {
    if (!node.is_scalar()) return fail(node, key + " must be an integer");
    const std::string& s = node.scalar;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || end != s.data() + s.size())
      return fail(node, key + " must be an integer");
    return true;
  }

  bool to_bool(const YamlNode& node, const std::string& key, bool& out) {
    const bool is_true = node.is_scalar() && (node.scalar == "true" || node.scalar == "True");
    const bool is_false = node.is_scalar() && (node.scalar == "false" || node.scalar == "False");
    if (!is_true && !is_false) return fail(node, key + " must be true or false");
    out = is_true;
    return true;
  }

  bool to_string_list(const YamlNode& node, const std::string& key, std::vector<std::string>& out) {
    if (node.is_scalar() && !node.is_null()) {
      out = {node.scalar};
      return true;
    }
    if (!node.is_sequence() && !node.is_null()) return fail(node, key + " must be a list of paths");
    out.clear();
    for (const YamlNode& item : node.items) {
      if (!item.is_scalar()) return fail(item, key + " entries must be strings");
      out.push_back(item.scalar);
    }
    return true;
  }

  bool to_string(const YamlNode& node, const std::string& key, std::string& out) {
    if (!node.is_scalar()) return fail(node, key + " must be a string");
    out = node.scalar;
    return true;
  }
};

using Setter = std::function<bool(Reader&, const YamlNode&, const std::string&, Config&)>;

Setter int_key(int Config::*field) {
  return [field](Reader& r, const YamlNode& n, const std::string& k, Config& c) {
    return r.to_int(n, k, c.*field);
  };
}
Setter bool_key(bool Config::*field) {
  return [field](Reader& r, const YamlNode& n, const std::string& k, Config& c) {
    return r.to_bool(n, k, c.*field);
  };
}
Setter string_key(std::string Config::*field) {
  return [field](Reader& r, const YamlNode& n, const std::string& k, Config& c) {
    return r.to_string(n, k, c.*field);
  };
}

// Keys whose whole subtree is Lavalink configuration this node accepts but does not act on.
const std::vector<std::string>& accepted_subtrees() {
  static const std::vector<std::string> keys = {
      "logging", "metrics", "sentry", "plugins", "lavalink.plugins", "spring", "management"};
  return keys;
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = [] {
    std::map<std::string, Setter> t;
    t["server.port"] = int_key(&Config::port);
    t["server.address"] = string_key(&Config::address);
    t["lavalink.server.password"] = string_key(&Config::password);
    t["lavalink.server.bufferdurationms"] = int_key(&Config::buffer_duration_ms);
    t["lavalink.server.framebufferdurationms"] = int_key(&Config::frame_buffer_duration_ms);
    t["lavalink.server.opusencodingquality"] = int_key(&Config::opus_encoding_quality);
    t["lavalink.server.resamplingquality"] = string_key(&Config::resampling_quality);
    t["lavalink.server.trackstuckthresholdms"] = int_key(&Config::track_stuck_threshold_ms);
    t["lavalink.server.useseekghosting"] = bool_key(&Config::use_seek_ghosting);
    t["lavalink.server.playerupdateinterval"] = int_key(&Config::player_update_interval_s);
    t["lavalink.server.youtubesearchenabled"] = bool_key(&Config::youtube_search_enabled);
    t["lavalink.server.soundcloudsearchenabled"] = bool_key(&Config::soundcloud_search_enabled);
    t["gstlavalink.localroots"] = [](Reader& r, const YamlNode& n, const std::string& k,
                                     Config& c) { return r.to_string_list(n, k, c.local_roots); };
    t["gstlavalink.statsintervalseconds"] = int_key(&Config::stats_interval_s);
    t["gstlavalink.requesttimeoutseconds"] = int_key(&Config::request_timeout_s);
    t["gstlavalink.blockprivateaddresses"] = bool_key(&Config::block_private_addresses);
    t["gstlavalink.voicetlscafile"] = string_key(&Config::voice_tls_ca_file);
    t["gstlavalink.playerpipeline"] = string_key(&Config::player_pipeline);
    t["gstlavalink.maxrequestbodybytes"] = [](Reader& r, const YamlNode& n, const std::string& k,
                                              Config& c) {
      return r.to_int(n, k, c.max_request_body_bytes);
    };
    for (const auto& name : Config().sources)
      t["lavalink.server.sources." + canonical(name.first)] =
          [name = name.first](Reader& r, const YamlNode& n, const std::string& k, Config& c) {
            return r.to_bool(n, k, c.sources[name]);
          };
    for (const auto& name : Config().filters)
      t["lavalink.server.filters." + canonical(name.first)] =
          [name = name.first](Reader& r, const YamlNode& n, const std::string& k, Config& c) {
            return r.to_bool(n, k, c.filters[name]);
          };
    return t;
  }();
  return table;
}

bool accepted(const std::string& path) {
  for (const auto& prefix : accepted_subtrees())
    if (path == prefix || path.starts_with(prefix + ".")) return true;
  return false;
}

bool walk(Reader& r, const YamlNode& node, const std::string& path, const std::string& shown,
          Config& config) {
  if (node.is_mapping()) {
    for (const auto& [key, value] : node.entries) {
      if (!key.is_scalar()) return r.fail(key, "mapping keys must be strings");
      // A dotted key ("lavalink.server.password: x") means the same as nesting.
      std::string sub = path.empty() ? canonical(key.scalar) : path + "." + canonical(key.scalar);
      std::string sub_shown = shown.empty() ? key.scalar : shown + "." + key.scalar;
      if (accepted(sub)) continue;
      auto setter = setters().find(sub);
      if (setter != setters().end()) {
        if (!setter->second(r, value, sub_shown, config)) return false;
        continue;
      }
      if (!walk(r, value, sub, sub_shown, config)) return false;
    }
    return true;
  }
  if (!path.empty())
    g_message("config: %s:%d: ignoring unknown key %s", r.origin.c_str(), node.mark.line,
              shown.c_str());
  return true;
}

}  // namespace

std::optional<Config> parse_config(const std::string& text, const std::string& origin,
                                   std::string* error) {
  YamlError yaml_error;
  auto root = parse_yaml(text, &yaml_error);
  if (!root) {
    *error = origin + ":" + std::to_string(yaml_error.mark.line) + ":" +
             std::to_string(yaml_error.mark.column) + ": " + yaml_error.message;
    return std::nullopt;
  }
  Config config;
  Reader reader{origin, error};
  if (!root->is_mapping() && !root->is_null()) {
    reader.fail(*root, "the configuration must be a mapping");
    return std::nullopt;
  }
  if (root->is_mapping() && !walk(reader, *root, "", "", config)) return std::nullopt;
  if (config.port < 0 || config.port > 65535) {
    *error = origin + ": server.port must be 0..65535";
    return std::nullopt;
  }
  if (config.stats_interval_s < 1 || config.player_update_interval_s < 1 ||
      config.request_timeout_s < 1) {
    *error = origin +
             ": playerUpdateInterval, gstLavalink.statsIntervalSeconds and "
             "gstLavalink.requestTimeoutSeconds must be >= 1";
    return std::nullopt;
  }
  // As Lavalink: bufferDurationMs has a 40 ms floor (<= 0 "disables" its native buffer, which
  // here means the shortest ring), and lavaplayer keeps at least 200 ms of frame buffer.
  config.buffer_duration_ms = std::clamp(config.buffer_duration_ms, 40, 5000);
  config.frame_buffer_duration_ms = std::max(config.frame_buffer_duration_ms, 200);
  if (config.password.empty()) {
    *error = origin + ": lavalink.server.password is required";
    return std::nullopt;
  }
  return config;
}

std::optional<Config> load_config(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot read the file";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path, error);
}

}  // namespace lava::server
