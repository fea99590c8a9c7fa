#include "register.h"

// resamplenormmono lands here (issue #4).
gboolean lava_register_fusion_elements(GstPlugin*) {
  return TRUE;
}
