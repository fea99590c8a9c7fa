// to_yaml() and to_launch() from loader.h.
#include <algorithm>
#include <set>
#include <sstream>

#include "loader.h"

namespace lava::pipelines {

namespace {

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// A plain scalar that reads back as the same text (and the same type) in YAML.
bool safe_plain(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos &&
      !(s.front() == '-' && s.size() > 1 && std::isdigit(static_cast<unsigned char>(s[1]))))
    return false;
  return s.find(": ") == std::string::npos && s.find(" #") == std::string::npos &&
         s.find('\n') == std::string::npos && s.back() != ':' &&
         s.find_first_of("{}[],") == std::string::npos;
}

std::string yaml_value(const YamlNode& v) {
  if (v.is_sequence()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.items.size(); ++i)
      out += (i ? ", " : "") + yaml_value(v.items[i]);
    return out + "]";
  }
  if (v.is_mapping()) {
    std::string out = "{";
    for (std::size_t i = 0; i < v.entries.size(); ++i)
      out += (i ? ", " : "") + yaml_value(v.entries[i].key) + ": " + yaml_value(v.entries[i].value);
    return out + "}";
  }
  if (v.is_null()) return "~";
  return v.plain && safe_plain(v.scalar) ? v.scalar : double_quoted(v.scalar);
}

std::string yaml_text(const std::string& s) {
  return safe_plain(s) ? s : double_quoted(s);
}

std::string endpoint(const Endpoint& e) {
  return e.pad.empty() ? e.node : e.node + "." + e.pad;
}

// The links are one path through the nodes in listed order, with no pads or caps named.
bool is_plain_chain(const PipelineSpec& spec) {
  if (spec.links.size() + 1 != spec.nodes.size()) return false;
  for (std::size_t i = 0; i < spec.links.size(); ++i) {
    const LinkSpec& l = spec.links[i];
    if (l.from.node != spec.nodes[i].id || l.to.node != spec.nodes[i + 1].id ||
        !l.from.pad.empty() || !l.to.pad.empty() || !l.caps.empty())
      return false;
  }
  return true;
}

void yaml_links(const PipelineSpec& spec, std::ostringstream& out) {
  if (spec.links.empty()) return;
  if (is_plain_chain(spec)) {
    out << "chain: [";
    for (std::size_t i = 0; i < spec.nodes.size(); ++i) out << (i ? ", " : "") << spec.nodes[i].id;
    out << "]\n";
    return;
  }
  out << "links:\n";
  for (const auto& l : spec.links) {
    out << "  - {from: " << yaml_text(endpoint(l.from)) << ", to: " << yaml_text(endpoint(l.to));
    if (!l.caps.empty()) out << ", caps: " << double_quoted(l.caps);
    out << "}\n";
  }
}

std::string launch_quoted(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\"'!,;()<>{}[]=\\") == std::string::npos) return s;
  return double_quoted(s);
}

// A property value in gst-launch syntax; nullopt for what gst-launch cannot say.
std::optional<std::string> launch_value(const YamlNode& v) {
  if (v.is_mapping()) return std::nullopt;
  if (v.is_sequence()) {
    std::string out = "<";
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      if (!v.items[i].is_scalar()) return std::nullopt;
      out += (i ? ", " : "") +
             (v.items[i].plain ? v.items[i].scalar : double_quoted(v.items[i].scalar));
    }
    return "\"" + out + ">\"";
  }
  return launch_quoted(v.scalar);
}

class LaunchWriter {
 public:
  explicit LaunchWriter(const PipelineSpec& spec) : spec_(spec), used_(spec.links.size(), false) {}

  std::optional<std::string> write(std::string* why) {
    for (const auto& node : spec_.nodes)
      if (!emitted_.contains(node.id) && !chain_from(node, why)) return std::nullopt;
    for (std::size_t i = 0; i < spec_.links.size(); ++i) {
      if (used_[i]) continue;
      const LinkSpec& l = spec_.links[i];
      out_ << " " << reference(l.from) << " ! " << caps(l) << reference(l.to);
    }
    std::string text = out_.str();
    return text.empty() ? text : text.substr(1);
  }

 private:
  static std::string reference(const Endpoint& e) { return e.node + "." + e.pad; }
  static std::string caps(const LinkSpec& l) { return l.caps.empty() ? "" : l.caps + " ! "; }

  bool element(const NodeSpec& node, std::string* why) {
    out_ << node.factory << " name=" << node.id;
    for (const auto& p : node.properties) {
      if (p.value.is_null()) continue;
      auto value = launch_value(p.value);
      if (!value) {
        if (why) *why = "property '" + p.name + "' of '" + node.id + "' is a nested structure";
        return false;
      }
      out_ << " " << p.name << "=" << *value;
    }
    if (!node.caps.empty()) out_ << " ! " << node.caps;
    emitted_.insert(node.id);
    return true;
  }

  // The next link out of `id` to follow inline: plain, and to a node not written yet, unless the
  // node's caps filter has to lead somewhere right away.
  std::optional<std::size_t> next_link(const NodeSpec& node) const {
    for (std::size_t i = 0; i < spec_.links.size(); ++i) {
      const LinkSpec& l = spec_.links[i];
      if (used_[i] || l.from.node != node.id) continue;
      if (!node.caps.empty()) return i;
      if (l.from.pad.empty() && l.to.pad.empty() && !emitted_.contains(l.to.node)) return i;
    }
    return std::nullopt;
  }

  bool chain_from(const NodeSpec& first, std::string* why) {
    out_ << " ";
    // Start from a node already written when one feeds this one, so the chain is connected.
    for (std::size_t i = 0; i < spec_.links.size(); ++i) {
      const LinkSpec& l = spec_.links[i];
      if (!used_[i] && l.to.node == first.id && l.to.pad.empty() &&
          emitted_.contains(l.from.node)) {
        out_ << reference(l.from) << " ! " << caps(l);
        used_[i] = true;
        break;
      }
    }
    const NodeSpec* node = &first;
    for (;;) {
      if (!element(*node, why)) return false;
      auto next = next_link(*node);
      if (!next) return true;
      const LinkSpec& l = spec_.links[*next];
      used_[*next] = true;
      out_ << " ! " << caps(l);
      if (emitted_.contains(l.to.node) || !l.to.pad.empty()) {
        out_ << reference(l.to);
        return true;
      }
      node = spec_.node(l.to.node);
    }
  }

  const PipelineSpec& spec_;
  std::vector<bool> used_;
  std::set<std::string> emitted_;
  std::ostringstream out_;
};

}  // namespace

std::string to_yaml(const PipelineSpec& spec) {
  std::ostringstream out;
  if (!spec.name.empty()) out << "name: " << yaml_text(spec.name) << "\n";
  if (!spec.description.empty()) out << "description: " << double_quoted(spec.description) << "\n";
  out << "optimization:\n  fusion: " << (spec.fusion ? "true" : "false") << "\n";
  out << "nodes:\n";
  for (const auto& node : spec.nodes) {
    out << "  - id: " << node.id << "\n    factory: " << yaml_text(node.factory) << "\n";
    if (!node.properties.empty()) {
      out << "    properties:\n";
      for (const auto& p : node.properties)
        out << "      " << yaml_text(p.name) << ": " << yaml_value(p.value) << "\n";
    }
    if (!node.caps.empty()) out << "    caps: " << double_quoted(node.caps) << "\n";
    if (node.optional) out << "    optional: true\n";
  }
  yaml_links(spec, out);
  return out.str();
}

std::optional<std::string> to_launch(const PipelineSpec& spec, std::string* why) {
  return LaunchWriter(spec).write(why);
}

}  // namespace lava::pipelines
