#include "spec_parse.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "parameters.h"
#include "scalars.h"

namespace lava::pipelines {

namespace {

std::string mark_text(YamlMark m) {
  return std::to_string(m.line) + ":" + std::to_string(m.column);
}

bool valid_id(const std::string& id) {
  if (id.empty() || !(std::isalpha(static_cast<unsigned char>(id[0])) || id[0] == '_'))
    return false;
  return std::all_of(id.begin(), id.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

// Only the keys listed may appear in `map`; anything else is probably a typo.
bool known_keys(const YamlNode& map, std::initializer_list<std::string_view> keys,
                std::string_view where, Diagnostics& diag) {
  for (const auto& [key, value] : map.entries) {
    if (std::find(keys.begin(), keys.end(), key.scalar) != keys.end()) continue;
    std::string list;
    for (auto k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
    return diag.fail(key.mark, "unknown key '" + key.scalar + "' in " + std::string(where) +
                                   " (expected " + list + ")");
  }
  return true;
}

bool text(const YamlNode& node, std::string_view what, std::string& out, Diagnostics& diag) {
  if (!node.is_scalar() || node.is_null())
    return diag.fail(node.mark, std::string(what) + " must be a string");
  out = node.scalar;
  return true;
}

bool parse_properties(const YamlNode& map, NodeSpec& node, Diagnostics& diag) {
  if (map.is_null()) return true;
  if (!map.is_mapping()) return diag.fail(map.mark, "properties must be a mapping of name: value");
  for (const auto& [key, value] : map.entries) {
    if (!key.is_scalar() || key.scalar.empty())
      return diag.fail(key.mark, "property name must be a string");
    if (node.property(key.scalar))
      return diag.fail(key.mark, "property '" + key.scalar + "' given twice");
    if (key.scalar == "name")
      return diag.fail(key.mark, "the element's name is its node id; remove 'name'");
    node.properties.push_back({key.scalar, key.mark, value});
  }
  return true;
}

bool parse_node(const YamlNode& item, PipelineSpec& spec, Diagnostics& diag) {
  if (!item.is_mapping())
    return diag.fail(item.mark, "a node must be a mapping with id and factory");
  if (!known_keys(item, {"id", "factory", "properties", "caps", "optional"}, "node", diag))
    return false;
  NodeSpec node;
  node.mark = item.mark;
  const YamlNode* id = item.find("id");
  const YamlNode* factory = item.find("factory");
  if (!id) return diag.fail(item.mark, "node has no id");
  if (!text(*id, "id", node.id, diag)) return false;
  node.mark = id->mark;
  if (!valid_id(node.id))
    return diag.fail(id->mark, "id '" + node.id +
                                   "' must start with a letter or '_' and hold only letters, "
                                   "digits, '_' and '-'");
  if (const NodeSpec* first = spec.node(node.id))
    return diag.fail(id->mark, "duplicate id '" + node.id + "' (first defined at " +
                                   mark_text(first->mark) + ")");
  if (!factory) return diag.fail(item.mark, "node '" + node.id + "' has no factory");
  if (!text(*factory, "factory", node.factory, diag)) return false;
  node.factory_mark = factory->mark;
  if (const YamlNode* props = item.find("properties"))
    if (!parse_properties(*props, node, diag)) return false;
  if (const YamlNode* caps = item.find("caps"); caps && !caps->is_null()) {
    if (!text(*caps, "caps", node.caps, diag)) return false;
    node.caps_mark = caps->mark;
  }
  if (const YamlNode* opt = item.find("optional")) {
    auto value = opt->is_scalar() ? parse_bool(opt->scalar) : std::nullopt;
    if (!value) return diag.fail(opt->mark, "optional must be true or false");
    node.optional = *value;
  }
  spec.nodes.push_back(std::move(node));
  return true;
}

// "id" or "id.pad".
bool parse_endpoint(const YamlNode& node, Endpoint& out, Diagnostics& diag) {
  std::string s;
  if (!text(node, "link endpoint", s, diag)) return false;
  auto dot = s.find('.');
  out.node = s.substr(0, dot);
  out.pad = dot == std::string::npos ? "" : s.substr(dot + 1);
  out.mark = node.mark;
  if (out.node.empty() || (dot != std::string::npos && out.pad.empty()))
    return diag.fail(node.mark, "link endpoint must be 'id' or 'id.pad', not '" + s + "'");
  return true;
}

bool parse_chain(const YamlNode& chain, PipelineSpec& spec, Diagnostics& diag) {
  if (!chain.is_sequence() || chain.items.size() < 2)
    return diag.fail(chain.mark, "chain must be a list of at least two node ids");
  for (std::size_t i = 0; i + 1 < chain.items.size(); ++i) {
    LinkSpec link;
    if (!parse_endpoint(chain.items[i], link.from, diag)) return false;
    if (!parse_endpoint(chain.items[i + 1], link.to, diag)) return false;
    spec.links.push_back(std::move(link));
  }
  return true;
}

bool parse_links(const YamlNode& links, PipelineSpec& spec, Diagnostics& diag) {
  if (!links.is_sequence())
    return diag.fail(links.mark, "links must be a list of {from, to, caps} mappings");
  for (const auto& item : links.items) {
    if (!item.is_mapping())
      return diag.fail(item.mark, "a link must be a mapping with from and to");
    if (!known_keys(item, {"from", "to", "caps"}, "link", diag)) return false;
    const YamlNode* from = item.find("from");
    const YamlNode* to = item.find("to");
    if (!from || !to) return diag.fail(item.mark, "a link needs both from and to");
    LinkSpec link;
    if (!parse_endpoint(*from, link.from, diag) || !parse_endpoint(*to, link.to, diag))
      return false;
    if (const YamlNode* caps = item.find("caps"); caps && !caps->is_null()) {
      if (!text(*caps, "caps", link.caps, diag)) return false;
      link.caps_mark = caps->mark;
    }
    spec.links.push_back(std::move(link));
  }
  return true;
}

bool parse_optimization(const YamlNode& opt, PipelineSpec& spec, Diagnostics& diag) {
  if (opt.is_null()) return true;
  if (!opt.is_mapping()) return diag.fail(opt.mark, "optimization must be a mapping");
  if (!known_keys(opt, {"fusion"}, "optimization", diag)) return false;
  if (const YamlNode* fusion = opt.find("fusion")) {
    auto value = fusion->is_scalar() ? parse_bool(fusion->scalar) : std::nullopt;
    if (!value) return diag.fail(fusion->mark, "fusion must be true or false");
    spec.fusion = *value;
  }
  return true;
}

}  // namespace

std::optional<PipelineSpec> parse_spec(const YamlNode& root,
                                       const std::map<std::string, std::string>& params,
                                       Diagnostics& diag) {
  if (!root.is_mapping()) {
    diag.fail(root.mark, "a pipeline file is a mapping with nodes (and chain or links)");
    return std::nullopt;
  }
  if (!known_keys(root,
                  {"name", "description", "parameters", "optimization", "nodes", "chain", "links"},
                  "pipeline", diag))
    return std::nullopt;
  auto resolved = resolve_parameters(root.find("parameters"), params, diag);
  if (!resolved) return std::nullopt;
  // Parameters apply to everything but their own declarations.
  YamlNode body = root;
  std::erase_if(body.entries, [](const auto& e) { return e.key.scalar == "parameters"; });
  if (!substitute_parameters(body, *resolved, diag)) return std::nullopt;

  PipelineSpec spec;
  spec.file = diag.file();
  if (const YamlNode* n = body.find("name"); n && !text(*n, "name", spec.name, diag))
    return std::nullopt;
  if (const YamlNode* d = body.find("description");
      d && !text(*d, "description", spec.description, diag))
    return std::nullopt;
  if (const YamlNode* opt = body.find("optimization"); opt && !parse_optimization(*opt, spec, diag))
    return std::nullopt;
  const YamlNode* nodes = body.find("nodes");
  if (!nodes || !nodes->is_sequence() || nodes->items.empty()) {
    diag.fail(nodes ? nodes->mark : root.mark, "nodes must be a non-empty list");
    return std::nullopt;
  }
  for (const auto& item : nodes->items)
    if (!parse_node(item, spec, diag)) return std::nullopt;
  const YamlNode* chain = body.find("chain");
  const YamlNode* links = body.find("links");
  if (chain && !parse_chain(*chain, spec, diag)) return std::nullopt;
  if (links && !parse_links(*links, spec, diag)) return std::nullopt;
  if (!chain && !links) {
    // No wiring given: the nodes form one chain in the order they are listed.
    for (std::size_t i = 0; i + 1 < spec.nodes.size(); ++i)
      spec.links.push_back({{spec.nodes[i].id, "", spec.nodes[i].mark},
                            {spec.nodes[i + 1].id, "", spec.nodes[i + 1].mark},
                            "",
                            {}});
  }
  if (!check_graph(spec, diag)) return std::nullopt;
  return spec;
}

}  // namespace lava::pipelines
