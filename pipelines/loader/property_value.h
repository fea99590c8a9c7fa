// YAML value → GValue for a property, by the property's GParamSpec: numbers with range checks,
// booleans, strings, enums (nick, name or number), flags ("a+b" or a list), caps, structures,
// fractions ("30/1" or [30, 1]), arrays (lists, each item by the element spec), string vectors,
// and elements (a factory name or {factory, properties}).
#pragma once

#include <gst/gst.h>

#include <string>
#include <vector>

#include "gobject_ptr.h"
#include "spec.h"
#include "yaml_tree.h"

namespace lava::pipelines {

// Fills *out (unset on entry) with `value` converted for `pspec`. On failure records an error at
// the offending YAML node, naming `owner` (e.g. "audiotestsrc 'src'"), and leaves *out unset.
bool property_to_gvalue(GParamSpec* pspec, const YamlNode& value, const std::string& owner,
                        GValue* out, Diagnostics& diag);

// Creates an element of `factory` named `name` (empty: GStreamer picks) with `properties` set,
// construct-only ones included. Errors name the factory or property at its YAML position.
GstObjectPtr<GstElement> make_element(const std::string& factory, YamlMark factory_mark,
                                      const std::string& name,
                                      const std::vector<PropertySpec>& properties,
                                      Diagnostics& diag);

}  // namespace lava::pipelines
