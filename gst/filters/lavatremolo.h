// lavatremolo: Lavalink's tremolo filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_TREMOLO (lava_tremolo_get_type())
G_DECLARE_FINAL_TYPE(LavaTremolo, lava_tremolo, LAVA, TREMOLO, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavatremolo);

G_END_DECLS
