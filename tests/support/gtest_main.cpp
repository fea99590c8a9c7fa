// GoogleTest entry point shared by every test binary: GStreamer initialised once, and our plugin
// registered statically so sanitizer builds never go through gst-plugin-scanner.
#include <gst/gst.h>
#include <gtest/gtest.h>

#include "plugin.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  gst_init(&argc, &argv);
  if (!lava_plugin_register_static()) return 1;
  return RUN_ALL_TESTS();
}
