// lavafilters: the whole Lavalink `filters` object as one element.
#pragma once

#include "filter_element.h"

G_BEGIN_DECLS

#define LAVA_TYPE_FILTERS (lava_filters_get_type())
G_DECLARE_FINAL_TYPE(LavaFilters, lava_filters, LAVA, FILTERS, LavaFilterElement)
GST_ELEMENT_REGISTER_DECLARE(lavafilters);

G_END_DECLS
