#include "build.h"

#include <map>
#include <set>

#include "pad_link.h"
#include "property_value.h"

namespace lava::pipelines {

namespace {

class Builder {
 public:
  Builder(const PipelineSpec& spec, Diagnostics& diag)
      : spec_(spec),
        diag_(diag),
        pipeline_(adopt_gst(
            GST_PIPELINE(gst_pipeline_new(spec.name.empty() ? nullptr : spec.name.c_str())))) {}

  GstObjectPtr<GstPipeline> build() {
    for (const auto& node : spec_.nodes)
      if (!add_node(node)) return nullptr;
    for (const auto& link : spec_.links)
      if (!add_link(link)) return nullptr;
    return std::move(pipeline_);
  }

 private:
  std::string where(YamlMark m) const {
    return LoadError{spec_.file, m, "link written here"}.to_string();
  }

  GstElement* add(GstObjectPtr<GstElement> element) {
    GstElement* raw = element.get();
    gst_bin_add(GST_BIN(pipeline_.get()), raw);
    return raw;
  }

  // A capsfilter named after what it filters; ids cannot hold '.', so the name is free.
  GstElement* add_capsfilter(const std::string& name, const std::string& caps, YamlMark mark) {
    GstCapsPtr parsed(gst_caps_from_string(caps.c_str()));
    if (!parsed) {
      diag_.fail(mark, "'" + caps + "' are not valid caps");
      return nullptr;
    }
    std::string unique = name;
    for (int n = 2; filters_.contains(unique); ++n) unique = name + std::to_string(n);
    filters_.emplace(unique);
    auto filter = adopt_gst(gst_element_factory_make("capsfilter", unique.c_str()));
    g_object_set(filter.get(), "caps", parsed.get(), nullptr);
    return add(std::move(filter));
  }

  bool add_node(const NodeSpec& node) {
    auto element = make_element(node.factory, node.factory_mark, node.id, node.properties, diag_);
    if (!element) return false;
    GstElement* raw = add(std::move(element));
    elements_[node.id] = outputs_[node.id] = raw;
    if (node.caps.empty()) return true;
    GstElement* filter = add_capsfilter(node.id + ".caps", node.caps, node.caps_mark);
    if (!filter) return false;
    outputs_[node.id] = filter;
    return link_elements({raw, "", filter, "", node.caps_mark, node.caps_mark},
                         where(node.caps_mark), diag_);
  }

  bool add_link(const LinkSpec& link) {
    GstElement* src = outputs_.at(link.from.node);
    GstElement* dst = elements_.at(link.to.node);
    std::string src_pad = link.from.pad;
    if (!link.caps.empty()) {
      GstElement* filter =
          add_capsfilter(link.from.node + "." + link.to.node + ".caps", link.caps, link.caps_mark);
      if (!filter) return false;
      if (!link_elements({src, src_pad, filter, "", link.from.mark, link.caps_mark},
                         where(link.caps_mark), diag_))
        return false;
      src = filter;
      src_pad.clear();
    }
    return link_elements({src, src_pad, dst, link.to.pad, link.from.mark, link.to.mark},
                         where(link.to.mark), diag_);
  }

  const PipelineSpec& spec_;
  Diagnostics& diag_;
  GstObjectPtr<GstPipeline> pipeline_;
  std::map<std::string, GstElement*> elements_;  // node id → its element
  std::map<std::string, GstElement*> outputs_;   // node id → what its links leave from
  std::set<std::string> filters_;
};

}  // namespace

GstObjectPtr<GstPipeline> build_pipeline(const PipelineSpec& spec, Diagnostics& diag) {
  return Builder(spec, diag).build();
}

}  // namespace lava::pipelines
