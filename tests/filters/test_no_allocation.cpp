// lavafilters must not allocate in the streaming thread after the first buffer. This binary
// replaces operator new to count the C++ allocations made by our code and SoundTouch while a
// flag is up; GLib's own slices for buffers and queues are not C++ allocations and not counted.
// A new timescale pitch or rate makes SoundTouch redesign its anti-alias filter, which allocates;
// the element hands it to SoundTouch in the thread that sets the property, so that is not the
// streaming thread. The settings below change pitch and rate every time to prove it.
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "audio_helpers.h"

namespace {
thread_local bool counting = false;
thread_local std::size_t allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// GCC cannot see that our operator new is malloc.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace {

TEST(LavaFiltersAllocation, NoneInTheStreamingThreadAfterTheFirstBuffer) {
  GstHarness* h = gst_harness_new("lavafilters");
  gst_harness_set_src_caps_str(
      h, "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved");
  const char* settings[] = {
      R"({"volume":1.2,"equalizer":[{"band":3,"gain":0.4}],"karaoke":{},"tremolo":{},)"
      R"("vibrato":{},"rotation":{"rotationHz":0.5},"distortion":{"scale":0.8},)"
      R"("channelMix":{"leftToRight":0.3},"lowPass":{"smoothing":3},)"
      R"("timescale":{"speed":1.25,"pitch":1.1}})",
      R"({"volume":0.7,"timescale":{"speed":0.8,"pitch":0.9},"karaoke":{"level":0.5}})",
      R"({"equalizer":[{"band":10,"gain":-0.2}],"rotation":{"rotationHz":2}})",
      R"({"timescale":{"speed":2.0,"pitch":1.3,"rate":0.9},"vibrato":{"depth":1}})",
      R"({"timescale":{"rate":1.2}})",
  };
  const auto input = lava::test::sine(960, 440, 2, 48000);
  auto push = [&](std::size_t) {
    GstBuffer* b = gst_buffer_new_allocate(nullptr, input.size() * sizeof(float), nullptr);
    gst_buffer_fill(b, 0, input.data(), input.size() * sizeof(float));
    gst_harness_push(h, b);
    while (GstBuffer* out = gst_harness_try_pull(h)) gst_buffer_unref(out);
  };
  // First buffers, with every filter and setting seen once, may allocate.
  std::size_t i = 0;
  for (const char* s : settings) {
    g_object_set(h->element, "filters", s, nullptr);
    for (int k = 0; k < 25; ++k) push(i++);
  }
  for (int round = 0; round < 3; ++round)
    for (const char* s : settings) {
      g_object_set(h->element, "filters", s, nullptr);  // parsing allocates: not streaming
      counting = true;
      for (int k = 0; k < 25; ++k) push(i++);
      counting = false;
    }
  EXPECT_EQ(allocations, 0u);
  gst_harness_teardown(h);
}

}  // namespace
