// make_element() from property_value.h: factory lookup, property checks, creation.
#include <algorithm>
#include <deque>

#include "gvalue_holder.h"
#include "property_value.h"

namespace lava::pipelines {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// " (did you mean 'x'?)" for the closest candidate within a couple of typos, else "".
std::string suggestion(const std::string& wrong, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  std::size_t best_distance = std::max<std::size_t>(2, wrong.size() / 4) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(wrong, c);
    if (d < best_distance) {
      best_distance = d;
      best = &c;
    }
  }
  return best ? " (did you mean '" + *best + "'?)" : "";
}

std::vector<std::string> factory_names() {
  std::vector<std::string> names;
  GList* features = gst_registry_get_feature_list(gst_registry_get(), GST_TYPE_ELEMENT_FACTORY);
  for (GList* l = features; l; l = l->next)
    names.emplace_back(gst_plugin_feature_get_name(GST_PLUGIN_FEATURE(l->data)));
  gst_plugin_feature_list_free(features);
  return names;
}

std::vector<std::string> property_names(GObjectClass* klass) {
  guint n = 0;
  GParamSpec** specs = g_object_class_list_properties(klass, &n);
  std::vector<std::string> names;
  for (guint i = 0; i < n; ++i) names.emplace_back(g_param_spec_get_name(specs[i]));
  g_free(specs);
  return names;
}

}  // namespace

GstObjectPtr<GstElement> make_element(const std::string& factory, YamlMark factory_mark,
                                      const std::string& name,
                                      const std::vector<PropertySpec>& properties,
                                      Diagnostics& diag) {
  GstObjectPtr<GstElementFactory> found(gst_element_factory_find(factory.c_str()));
  if (!found) {
    diag.fail(factory_mark, "unknown factory '" + factory + "'" +
                                suggestion(factory, factory_names()) +
                                " (is its plugin installed? gst-inspect-1.0 " + factory + ")");
    return nullptr;
  }
  GstObjectPtr<GstElementFactory> loaded(
      GST_ELEMENT_FACTORY(gst_plugin_feature_load(GST_PLUGIN_FEATURE(found.get()))));
  if (!loaded) {
    diag.fail(factory_mark, "the plugin providing '" + factory + "' failed to load");
    return nullptr;
  }
  TypeClassHolder klass(gst_element_factory_get_element_type(loaded.get()));
  const std::string what = factory + (name.empty() ? "" : " '" + name + "'");
  // deque: the GValues must not move once initialised.
  std::deque<GValueHolder> values;
  std::vector<const char*> names;
  for (const auto& prop : properties) {
    // A null value (e.g. a parameter without a value) keeps the element's default, also where
    // the element has no such property: one file serves sources with and without `location`.
    if (prop.value.is_null()) continue;
    GParamSpec* pspec =
        g_object_class_find_property(G_OBJECT_CLASS(klass.get()), prop.name.c_str());
    if (!pspec) {
      diag.fail(prop.mark, what + " has no property '" + prop.name + "'" +
                               suggestion(prop.name, property_names(G_OBJECT_CLASS(klass.get()))));
      return nullptr;
    }
    if (!(pspec->flags & G_PARAM_WRITABLE)) {
      diag.fail(prop.mark, "property '" + prop.name + "' of " + what + " is read-only");
      return nullptr;
    }
    values.emplace_back();
    if (!property_to_gvalue(pspec, prop.value, "property '" + prop.name + "' of " + what,
                            &values.back().v, diag))
      return nullptr;
    names.push_back(prop.name.c_str());
  }
  if (!name.empty()) {
    values.emplace_back();
    g_value_init(&values.back().v, G_TYPE_STRING);
    g_value_set_string(&values.back().v, name.c_str());
    names.push_back("name");
  }
  std::vector<GValue> raw;
  for (auto& v : values) raw.push_back(v.v);
  auto element = adopt_gst(gst_element_factory_create_with_properties(
      loaded.get(), static_cast<guint>(names.size()), names.data(), raw.data()));
  if (!element) diag.fail(factory_mark, "could not create a " + factory + " element");
  return element;
}

}  // namespace lava::pipelines
