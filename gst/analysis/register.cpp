#include "register.h"

// rfftspectrum lands here (issue #4).
gboolean lava_register_analysis_elements(GstPlugin*) {
  return TRUE;
}
