// lavalowpass: Lavalink's low pass filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_LOW_PASS (lava_low_pass_get_type())
G_DECLARE_FINAL_TYPE(LavaLowPass, lava_low_pass, LAVA, LOW_PASS, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavalowpass);

G_END_DECLS
