// lavadistortion: Lavalink's distortion filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_DISTORTION (lava_distortion_get_type())
G_DECLARE_FINAL_TYPE(LavaDistortion, lava_distortion, LAVA, DISTORTION, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavadistortion);

G_END_DECLS
