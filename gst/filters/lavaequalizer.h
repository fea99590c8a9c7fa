// lavaequalizer: Lavalink's 15-band equalizer filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_EQUALIZER (lava_equalizer_get_type())
G_DECLARE_FINAL_TYPE(LavaEqualizer, lava_equalizer, LAVA, EQUALIZER, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavaequalizer);

G_END_DECLS
