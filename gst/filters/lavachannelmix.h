// lavachannelmix: Lavalink's channel mix filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_CHANNEL_MIX (lava_channel_mix_get_type())
G_DECLARE_FINAL_TYPE(LavaChannelMix, lava_channel_mix, LAVA, CHANNEL_MIX, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavachannelmix);

G_END_DECLS
