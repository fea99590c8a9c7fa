#include "yaml_tree.h"

#include <yaml.h>

#include <map>
#include <memory>

namespace lava {

namespace {

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxAliasExpansion = 1 << 20;

struct ParserDeleter {
  void operator()(yaml_parser_t* p) const {
    yaml_parser_delete(p);
    delete p;
  }
};

struct Event {
  yaml_event_t e{};
  bool valid = false;
  ~Event() {
    if (valid) yaml_event_delete(&e);
  }
};

YamlMark mark_of(const yaml_mark_t& m) {
  return {static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

std::size_t node_size(const YamlNode& n) {
  std::size_t size = 1 + n.scalar.size();
  for (const auto& item : n.items) size += node_size(item);
  for (const auto& e : n.entries) size += node_size(e.key) + node_size(e.value);
  return size;
}

class TreeBuilder {
 public:
  explicit TreeBuilder(std::string_view text) : parser_(new yaml_parser_t) {
    yaml_parser_initialize(parser_.get());
    yaml_parser_set_input_string(parser_.get(), reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }

  std::optional<YamlNode> document(YamlError* error) {
    error_ = error;
    // STREAM-START, then DOCUMENT-START or STREAM-END (an empty file is an empty mapping).
    Event ev;
    if (!next(ev)) return std::nullopt;
    if (!next(ev)) return std::nullopt;
    if (ev.e.type == YAML_STREAM_END_EVENT) {
      YamlNode empty;
      empty.kind = YamlNode::Kind::kMapping;
      return empty;
    }
    Event root;
    if (!next(root)) return std::nullopt;
    YamlNode node;
    if (!build(root, node, 0)) return std::nullopt;
    return node;
  }

 private:
  bool next(Event& ev) {
    if (ev.valid) {
      yaml_event_delete(&ev.e);
      ev.valid = false;
    }
    if (!yaml_parser_parse(parser_.get(), &ev.e)) {
      fail(mark_of(parser_->problem_mark), parser_->problem ? parser_->problem : "malformed YAML");
      return false;
    }
    ev.valid = true;
    return true;
  }

  bool fail(YamlMark mark, std::string message) {
    if (error_) *error_ = {mark, std::move(message)};
    return false;
  }

  void remember(const unsigned char* anchor, const YamlNode& node) {
    if (anchor) anchors_[reinterpret_cast<const char*>(anchor)] = node;
  }

  bool build(Event& ev, YamlNode& out, int depth) {
    if (depth > kMaxDepth) return fail(mark_of(ev.e.start_mark), "nesting too deep");
    out.mark = mark_of(ev.e.start_mark);
    switch (ev.e.type) {
      case YAML_SCALAR_EVENT: {
        const auto& s = ev.e.data.scalar;
        out.kind = YamlNode::Kind::kScalar;
        out.scalar.assign(reinterpret_cast<const char*>(s.value), s.length);
        out.plain = s.style == YAML_PLAIN_SCALAR_STYLE;
        remember(s.anchor, out);
        return true;
      }
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(reinterpret_cast<const char*>(ev.e.data.alias.anchor));
        if (it == anchors_.end()) return fail(out.mark, "unknown alias");
        expanded_ += node_size(it->second);
        if (expanded_ > kMaxAliasExpansion) return fail(out.mark, "alias expansion too large");
        YamlMark mark = out.mark;
        out = it->second;
        out.mark = mark;
        return true;
      }
      case YAML_SEQUENCE_START_EVENT: {
        out.kind = YamlNode::Kind::kSequence;
        const unsigned char* anchor = ev.e.data.sequence_start.anchor;
        std::string name = anchor ? reinterpret_cast<const char*>(anchor) : "";
        Event child;
        for (;;) {
          if (!next(child)) return false;
          if (child.e.type == YAML_SEQUENCE_END_EVENT) break;
          out.items.emplace_back();
          if (!build(child, out.items.back(), depth + 1)) return false;
        }
        if (!name.empty()) anchors_[name] = out;
        return true;
      }
      case YAML_MAPPING_START_EVENT: {
        out.kind = YamlNode::Kind::kMapping;
        const unsigned char* anchor = ev.e.data.mapping_start.anchor;
        std::string name = anchor ? reinterpret_cast<const char*>(anchor) : "";
        Event child;
        for (;;) {
          if (!next(child)) return false;
          if (child.e.type == YAML_MAPPING_END_EVENT) break;
          YamlNode key;
          if (!build(child, key, depth + 1)) return false;
          if (!next(child)) return false;
          YamlNode value;
          if (!build(child, value, depth + 1)) return false;
          out.entries.push_back({std::move(key), std::move(value)});
        }
        if (!name.empty()) anchors_[name] = out;
        return true;
      }
      default:
        return fail(out.mark, "unexpected YAML event");
    }
  }

  std::unique_ptr<yaml_parser_t, ParserDeleter> parser_;
  std::map<std::string, YamlNode> anchors_;
  std::size_t expanded_ = 0;
  YamlError* error_ = nullptr;
};

}  // namespace

bool YamlNode::is_null() const {
  return kind == Kind::kScalar && plain &&
         (scalar.empty() || scalar == "~" || scalar == "null" || scalar == "Null" ||
          scalar == "NULL");
}

const YamlNode* YamlNode::find(std::string_view key) const {
  if (kind != Kind::kMapping) return nullptr;
  for (const auto& e : entries)
    if (e.key.is_scalar() && e.key.scalar == key) return &e.value;
  return nullptr;
}

std::optional<YamlNode> parse_yaml(std::string_view text, YamlError* error) {
  TreeBuilder builder(text);
  return builder.document(error);
}

}  // namespace lava
