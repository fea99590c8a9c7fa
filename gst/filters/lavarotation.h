// lavarotation: Lavalink's rotation filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_ROTATION (lava_rotation_get_type())
G_DECLARE_FINAL_TYPE(LavaRotation, lava_rotation, LAVA, ROTATION, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavarotation);

G_END_DECLS
