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

struct _LavaFilterElementClass {
  GstElementClass parent_class;
};

G_END_DECLS

// Adds "sink"/"src" templates for interleaved F32 at any rate with `channels` ("2" or
// "[ 1, MAX ]").
void lava_filter_element_class_add_templates(GstElementClass* klass, const char* channels);

// Changes the requested parameters (any thread); the streaming thread picks them up at its next
// buffer. Returns what the callback returned.
bool lava_filter_element_update(LavaFilterElement* self,
                                const std::function<bool(lava::filters::FilterParams&)>& change);
// A copy of the requested parameters.
lava::filters::FilterParams lava_filter_element_params(LavaFilterElement* self);
