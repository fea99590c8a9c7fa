// lavatimescale: Lavalink's timescale filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_TIMESCALE (lava_timescale_get_type())
G_DECLARE_FINAL_TYPE(LavaTimescale, lava_timescale, LAVA, TIMESCALE, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavatimescale);

G_END_DECLS
