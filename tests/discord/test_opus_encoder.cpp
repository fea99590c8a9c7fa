// lavaopusenc through GstHarness, its packets checked with libopus's own decoder.
#include <gst/check/gstharness.h>
#include <gtest/gtest.h>
#include <opus.h>

#include <cmath>
#include <vector>

#include "buffer_map.h"
#include "tests/filters/audio_helpers.h"

namespace {

using lava::test::f32_buffer;
using lava::test::sine;
using lava::test::zero_crossing_frequency;
constexpr int kFrame = 960;

class LavaOpusEnc : public ::testing::Test {
 protected:
  void SetUp() override {
    h = gst_harness_new("lavaopusenc");
    ASSERT_NE(h, nullptr);
  }
  void TearDown() override { gst_harness_teardown(h); }

  void start(int complexity = 0, int bitrate = 128000) {
    g_object_set(h->element, "complexity", complexity, "bitrate", bitrate, nullptr);
    gst_harness_set_src_caps_str(
        h, "audio/x-raw, format=F32LE, rate=48000, channels=2, layout=interleaved");
  }

  // `frames` of a 440 Hz tone pushed in buffers of `chunk` frames (Vorbis hands out 1024).
  void push_tone(std::size_t frames, std::size_t chunk = 1024) {
    for (std::size_t at = 0; at < frames; at += chunk) {
      const std::size_t n = std::min(chunk, frames - at);
      GstBuffer* b = f32_buffer(sine(n, 440, 2, 48000, at));
      GST_BUFFER_PTS(b) = gst_util_uint64_scale_int(at, GST_SECOND, 48000);
      GST_BUFFER_DURATION(b) = gst_util_uint64_scale_int(n, GST_SECOND, 48000);
      ASSERT_EQ(gst_harness_push(h, b), GST_FLOW_OK);
    }
  }

  std::vector<std::vector<unsigned char>> pull_all() {
    std::vector<std::vector<unsigned char>> packets;
    while (GstBuffer* b = gst_harness_try_pull(h)) {
      {
        lava::BufferMap map(b, GST_MAP_READ);
        auto bytes = map.as<unsigned char>();
        packets.emplace_back(bytes.begin(), bytes.end());
      }
      gst_buffer_unref(b);
    }
    return packets;
  }

  GstHarness* h = nullptr;
};

std::vector<float> decode(const std::vector<std::vector<unsigned char>>& packets) {
  int error = 0;
  OpusDecoder* decoder = opus_decoder_create(48000, 2, &error);
  std::vector<float> pcm;
  std::vector<float> frame(kFrame * 2);
  for (const auto& p : packets) {
    const int n = opus_decode_float(decoder, p.data(), static_cast<opus_int32>(p.size()),
                                    frame.data(), kFrame, 0);
    EXPECT_EQ(n, kFrame);
    pcm.insert(pcm.end(), frame.begin(), frame.begin() + std::max(n, 0) * 2);
  }
  opus_decoder_destroy(decoder);
  return pcm;
}

// Signal-to-error ratio of `decoded` against the tone, at the delay that fits best (the
// encoder's look-ahead), over the second half (past the start-up).
double snr_db(const std::vector<float>& decoded) {
  const auto frames = decoded.size() / 2;
  const auto reference = sine(frames, 440);
  double best = -1e9;
  for (std::size_t delay = 0; delay < 600; ++delay) {
    double signal = 0, noise = 0;
    for (std::size_t f = frames / 2; f < frames; ++f)
      for (std::size_t c = 0; c < 2; ++c) {
        const double want = reference[(f - delay) * 2 + c];
        const double err = decoded[f * 2 + c] - want;
        signal += want * want;
        noise += err * err;
      }
    best = std::max(best, 10 * std::log10(signal / std::max(noise, 1e-20)));
  }
  return best;
}

TEST_F(LavaOpusEnc, EncodesEveryTwentyMillisecondsIntoOnePacketThatDecodesBackToTheTone) {
  start();
  push_tone(50 * kFrame);  // one second in 1024-frame buffers
  auto packets = pull_all();
  ASSERT_EQ(packets.size(), 50u);
  for (const auto& p : packets)
    EXPECT_EQ(opus_packet_get_nb_samples(p.data(), static_cast<opus_int32>(p.size()), 48000),
              kFrame);
  GstCaps* caps = gst_pad_get_current_caps(h->sinkpad);
  ASSERT_NE(caps, nullptr);
  GstCaps* want =
      gst_caps_from_string("audio/x-opus, rate=48000, channels=2, channel-mapping-family=0");
  EXPECT_TRUE(gst_caps_is_equal(caps, want)) << gst_caps_to_string(caps);
  gst_caps_unref(want);
  gst_caps_unref(caps);

  const auto pcm = decode(packets);
  const std::vector<float> steady(pcm.begin() + static_cast<std::ptrdiff_t>(pcm.size() / 2),
                                  pcm.end());
  EXPECT_NEAR(zero_crossing_frequency(steady, 2, 48000), 440.0, 0.5);
  EXPECT_GT(snr_db(pcm), 25.0);
}

TEST_F(LavaOpusEnc, SendsTheLastPartialFrameFilledWithSilenceAtTheEnd) {
  start();
  push_tone(3 * kFrame + 100, kFrame);
  EXPECT_EQ(pull_all().size(), 3u);
  ASSERT_TRUE(gst_harness_push_event(h, gst_event_new_eos()));
  auto tail = pull_all();
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(
      opus_packet_get_nb_samples(tail[0].data(), static_cast<opus_int32>(tail[0].size()), 48000),
      kFrame);
}

TEST_F(LavaOpusEnc, KeepsToTheBitRate) {
  for (int bitrate : {32000, 256000}) {
    gst_harness_teardown(h);
    h = gst_harness_new("lavaopusenc");
    start(0, bitrate);
    push_tone(100 * kFrame);
    std::size_t bytes = 0;
    auto packets = pull_all();
    for (const auto& p : packets) bytes += p.size();
    ASSERT_FALSE(packets.empty());
    const double kbits = 8.0 * double(bytes) / double(packets.size()) * 50 / 1000;
    EXPECT_LT(kbits, bitrate / 1000.0 * 1.15) << bitrate;
    EXPECT_GT(kbits, bitrate / 1000.0 * 0.5) << bitrate;
  }
}

// After a flush the encoder starts from scratch: the same audio gives the same packets as a
// fresh encoder's, not ones shaped by what came before.
TEST_F(LavaOpusEnc, AFlushForgetsTheSignalBefore) {
  start();
  push_tone(10 * kFrame, kFrame);
  auto first = pull_all();
  push_tone(7 * kFrame, kFrame);  // other history
  pull_all();
  ASSERT_TRUE(gst_harness_push_event(h, gst_event_new_flush_start()));
  ASSERT_TRUE(gst_harness_push_event(h, gst_event_new_flush_stop(TRUE)));
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  ASSERT_TRUE(gst_harness_push_event(h, gst_event_new_segment(&segment)));
  push_tone(10 * kFrame, kFrame);
  auto again = pull_all();
  ASSERT_EQ(first.size(), again.size());
  EXPECT_EQ(first, again);
}

TEST_F(LavaOpusEnc, RefusesRatesOtherThan48kHz) {
  gst_harness_set_src_caps_str(
      h, "audio/x-raw, format=F32LE, rate=44100, channels=2, layout=interleaved");
  GstBuffer* b = f32_buffer(sine(kFrame, 440, 2, 44100));
  EXPECT_EQ(gst_harness_push(h, b), GST_FLOW_NOT_NEGOTIATED);
}

}  // namespace
