#include "parameters.h"

#include <cerrno>
#include <cstdlib>
#include <set>

#include "scalars.h"

namespace lava::pipelines {

namespace {

const std::set<std::string, std::less<>> kTypes = {"string", "int", "double", "bool"};

std::string mark_text(YamlMark m) {
  return std::to_string(m.line) + ":" + std::to_string(m.column);
}

// Checks that `value` fits `type` (null always fits: it means "leave unset").
bool check_type(const std::string& name, const std::string& type, const YamlNode& value,
                YamlMark mark, Diagnostics& diag) {
  if (value.is_null()) return true;
  if (!value.is_scalar())
    return diag.fail(mark, "parameter '" + name + "' must be a scalar " + type);
  bool ok = true;
  if (type == "int") ok = parse_int64(value.scalar).has_value();
  if (type == "double") ok = parse_double(value.scalar).has_value();
  if (type == "bool") ok = parse_bool(value.scalar).has_value();
  if (!ok)
    return diag.fail(mark, "parameter '" + name + "': '" + value.scalar + "' is not " + type);
  return true;
}

std::optional<Parameter> declaration(const std::string& name, const YamlNode& decl,
                                     Diagnostics& diag) {
  Parameter p;
  p.mark = decl.mark;
  if (!decl.is_mapping()) {
    // Shorthand: `name: default`.
    p.value = decl;
    return p;
  }
  for (const auto& [key, value] : decl.entries) {
    if (key.scalar == "type") {
      if (!value.is_scalar() || !kTypes.contains(value.scalar)) {
        diag.fail(value.mark, "parameter type must be string, int, double or bool");
        return std::nullopt;
      }
      p.type = value.scalar;
    } else if (key.scalar == "default") {
      p.value = value;
    } else if (key.scalar != "description") {
      diag.fail(key.mark, "unknown key '" + key.scalar +
                              "' in parameter (expected type, default, description)");
      return std::nullopt;
    }
  }
  if (p.value && !check_type(name, p.type, *p.value, p.value->mark, diag)) return std::nullopt;
  return p;
}

bool splice(YamlNode& node, const Parameters& params, Diagnostics& diag) {
  const std::string& text = node.scalar;
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t at = text.find('$', pos);
    if (at == std::string::npos || at + 1 >= text.size()) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, at - pos);
    if (text.compare(at, 3, "$${") == 0) {
      out += "${";
      pos = at + 3;
      continue;
    }
    if (text[at + 1] != '{') {
      out += '$';
      pos = at + 1;
      continue;
    }
    std::size_t close = text.find('}', at);
    if (close == std::string::npos)
      return diag.fail(node.mark, "unterminated ${ in '" + text + "'");
    std::string name = text.substr(at + 2, close - at - 2);
    auto it = params.find(name);
    if (it == params.end()) return diag.fail(node.mark, "unknown parameter '" + name + "'");
    const Parameter& p = it->second;
    if (!p.value)
      return diag.fail(node.mark, "missing parameter '" + name + "' (declared at " +
                                      mark_text(p.mark) + " without a default; pass " + name +
                                      "=VALUE)");
    bool whole = at == 0 && close + 1 == text.size() && out.empty();
    if (whole) {
      YamlMark mark = node.mark;
      node = *p.value;
      node.mark = mark;
      return true;
    }
    if (!p.value->is_scalar() || p.value->is_null())
      return diag.fail(node.mark, "parameter '" + name + "' has no text to insert here");
    out += p.value->scalar;
    pos = close + 1;
  }
  node.scalar = std::move(out);
  return true;
}

}  // namespace

std::optional<Parameters> resolve_parameters(const YamlNode* decls,
                                             const std::map<std::string, std::string>& given,
                                             Diagnostics& diag) {
  Parameters params;
  if (decls && !decls->is_null()) {
    if (!decls->is_mapping()) {
      diag.fail(decls->mark, "parameters must be a mapping of name: {type, default}");
      return std::nullopt;
    }
    for (const auto& [key, decl] : decls->entries) {
      if (params.contains(key.scalar)) {
        diag.fail(key.mark, "duplicate parameter '" + key.scalar + "'");
        return std::nullopt;
      }
      auto p = declaration(key.scalar, decl, diag);
      if (!p) return std::nullopt;
      p->mark = key.mark;
      params.emplace(key.scalar, std::move(*p));
    }
  }
  for (const auto& [name, text] : given) {
    auto it = params.find(name);
    if (it == params.end()) {
      std::string known;
      for (const auto& [n, p] : params) known += (known.empty() ? "" : ", ") + n;
      diag.fail(decls ? decls->mark : YamlMark{1, 1},
                "unknown parameter '" + name +
                    "' given (this file declares: " + (known.empty() ? "none" : known) + ")");
      return std::nullopt;
    }
    YamlNode value;
    value.scalar = text;
    // A string parameter stays a string even when it reads like a number or a boolean.
    value.plain = it->second.type != "string";
    value.mark = it->second.mark;
    if (!check_type(name, it->second.type, value, it->second.mark, diag)) return std::nullopt;
    it->second.value = std::move(value);
  }
  return params;
}

bool substitute_parameters(YamlNode& node, const Parameters& params, Diagnostics& diag) {
  if (node.is_scalar())
    return node.scalar.find('$') == std::string::npos || splice(node, params, diag);
  for (auto& item : node.items)
    if (!substitute_parameters(item, params, diag)) return false;
  for (auto& entry : node.entries)
    if (!substitute_parameters(entry.value, params, diag)) return false;
  return true;
}

}  // namespace lava::pipelines
