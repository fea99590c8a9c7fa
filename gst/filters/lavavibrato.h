// lavavibrato: Lavalink's vibrato filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_VIBRATO (lava_vibrato_get_type())
G_DECLARE_FINAL_TYPE(LavaVibrato, lava_vibrato, LAVA, VIBRATO, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavavibrato);

G_END_DECLS
