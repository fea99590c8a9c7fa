// LavaFilterElement: the abstract base of every Lavalink filter element. It owns a
// lava::dsp::FilterChain and does the streaming: F32 interleaved in and out, in place while the
// frame count is unchanged, through SoundTouch with re-stamped output while timescale is active,
// flushing, and draining the timescale tail at EOS. Subclasses only map their properties onto
// lava::filters::FilterParams through lava_filter_element_update().
#pragma once

#include <gst/gst.h>

#include <functional>

#include "filters_json.h"

G_BEGIN_DECLS

#define LAVA_TYPE_FILTER_ELEMENT (lava_filter_element_get_type())
G_DECLARE_DERIVABLE_TYPE(LavaFilterElement, lava_filter_element, LAVA, FILTER_ELEMENT, GstElement)

// A double property of a single-filter element, read from and written into FilterParams.
struct LavaFilterProperty {
  const char* name;
  const char* nick;
  const char* blurb;
  double minimum, maximum, default_value;
  double (*get)(const lava::filters::FilterParams& params);
  void (*set)(lava::filters::FilterParams& params, double value);
};

struct _LavaFilterElementClass {
  GstElementClass parent_class;
  // Set by lava_filter_element_class_install_properties().
  const LavaFilterProperty* properties;
  guint n_properties;
  void (*enable)(lava::filters::FilterParams& params);
};

G_END_DECLS

// For single-filter elements: installs `properties` as GObject properties with ids 1..n (all
// controllable and mutable while playing), and `enable`, which marks the element's filter present
// in a new instance's parameters.
void lava_filter_element_class_install_properties(LavaFilterElementClass* klass,
                                                  const LavaFilterProperty* properties, guint n,
                                                  void (*enable)(lava::filters::FilterParams&));
// Everything a single-filter element's class_init does: the properties as above, the static
// metadata (klass Filter/Effect/Audio) and the pad templates for `channels`.
struct LavaFilterElementInfo {
  const char* long_name;
  const char* description;
  const char* channels;
  const LavaFilterProperty* properties;
  guint n_properties;
  void (*enable)(lava::filters::FilterParams& params);
};
void lava_filter_element_class_setup(LavaFilterElementClass* klass,
                                     const LavaFilterElementInfo& info);
// The handlers installed above, for subclasses that add properties of their own.
void lava_filter_element_set_property(GObject* object, guint id, const GValue* value,
                                      GParamSpec* pspec);
void lava_filter_element_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec);

// Adds "sink"/"src" templates for interleaved F32 at any rate with `channels` ("2" or
// "[ 1, MAX ]").
void lava_filter_element_class_add_templates(GstElementClass* klass, const char* channels);

// Changes the requested parameters (any thread); the streaming thread picks them up at its next
// buffer. Returns what the callback returned.
bool lava_filter_element_update(LavaFilterElement* self,
                                const std::function<bool(lava::filters::FilterParams&)>& change);
// A copy of the requested parameters.
lava::filters::FilterParams lava_filter_element_params(LavaFilterElement* self);
