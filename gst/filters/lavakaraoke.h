// lavakaraoke: Lavalink's karaoke filter as an element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_KARAOKE (lava_karaoke_get_type())
G_DECLARE_FINAL_TYPE(LavaKaraoke, lava_karaoke, LAVA, KARAOKE, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavakaraoke);

G_END_DECLS
