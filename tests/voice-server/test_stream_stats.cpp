// The receiver's verdicts must be right before they judge anyone: feed it frames we encoded
// with libopus and a known sequence/timing pattern.
#include <gtest/gtest.h>
#include <opus.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "stream_stats.h"
#include "transport_crypto.h"

using lava::discord::RtpHeader;
using lava::discord::TransportCipher;
using lava::voicetest::StreamStats;

namespace {

class ToneEncoder {
 public:
  explicit ToneEncoder(double hz) : hz_(hz) {
    int err = 0;
    enc_ = opus_encoder_create(48000, 2, OPUS_APPLICATION_AUDIO, &err);
  }
  ~ToneEncoder() { opus_encoder_destroy(enc_); }
  std::vector<std::uint8_t> next() {
    std::vector<opus_int16> pcm(960 * 2);
    for (int i = 0; i < 960; ++i, ++n_) {
      const auto v = static_cast<opus_int16>(
          12000 * std::sin(2 * std::numbers::pi * hz_ * static_cast<double>(n_) / 48000));
      pcm[2 * i] = pcm[2 * i + 1] = v;
    }
    std::vector<std::uint8_t> out(1500);
    out.resize(static_cast<std::size_t>(opus_encode(enc_, pcm.data(), 960, out.data(), 1500)));
    return out;
  }

 private:
  OpusEncoder* enc_;
  double hz_;
  long n_ = 0;
};

const std::vector<std::uint8_t> kSilence{0xf8, 0xff, 0xfe};

// An RTP packet of `opus` sealed as the node's sender seals it.
std::vector<std::uint8_t> sealed(const TransportCipher& cipher, const RtpHeader& header,
                                 const std::vector<std::uint8_t>& opus) {
  std::vector<std::uint8_t> packet(lava::discord::kRtpHeaderSize + opus.size() +
                                   lava::discord::kTransportOverhead);
  lava::discord::write_rtp_header(std::span<std::uint8_t, lava::discord::kRtpHeaderSize>(
                                      packet.data(), lava::discord::kRtpHeaderSize),
                                  header);
  std::copy(opus.begin(), opus.end(), packet.begin() + lava::discord::kRtpHeaderSize);
  packet.resize(cipher.seal(packet, lava::discord::kRtpHeaderSize, opus.size(), header.sequence));
  return packet;
}

}  // namespace

TEST(StreamStats, HearsAToneAndTrailingSilence) {
  StreamStats stats(7);
  ToneEncoder tone(440);
  std::uint16_t seq = 65500;  // wraps during the run
  std::uint32_t ts = 0xffff0000;
  std::int64_t t = 0;
  for (int i = 0; i < 100; ++i, ++seq, ts += 960, t += 20000)
    stats.on_packet({seq, ts, 7}, tone.next(), t + (i % 2) * 1000);
  for (int i = 0; i < 5; ++i, ++seq, ts += 960, t += 20000)
    stats.on_packet({seq, ts, 7}, kSilence, t);
  const auto r = stats.report();
  EXPECT_EQ(r.packets, 105u);
  EXPECT_EQ(r.audio_frames, 100u);
  EXPECT_EQ(r.silence_frames, 5u);
  EXPECT_EQ(r.trailing_silence, 5u);
  EXPECT_EQ(r.sequence_missing, 0u);
  EXPECT_EQ(r.sequence_errors, 0u);
  EXPECT_EQ(r.timestamp_errors, 0u);
  EXPECT_NEAR(r.frequency_hz, 440, 3);
  EXPECT_GT(r.rms_dbfs, -12);
  EXPECT_NEAR(r.interval_jitter_p90_ms, 1.0, 0.01);
  EXPECT_NEAR(r.interval_jitter_p99_ms, 1.0, 0.01);
  EXPECT_NEAR(r.interval_p99_ms, 21.0, 0.01);
  EXPECT_NEAR(r.max_gap_ms, 21.0, 0.01);
  EXPECT_NEAR(r.mean_interval_ms, 20.0, 0.05);
}

TEST(StreamStats, CountsGapsReordersAndTimestampJumps) {
  StreamStats stats(9);
  ToneEncoder tone(1000);
  stats.on_packet({10, 9600, 9}, tone.next(), 0);
  stats.on_packet({11, 10560, 9}, tone.next(), 20000);
  stats.on_packet({14, 13440, 9}, tone.next(), 80000);   // two lost, timestamps consistent
  stats.on_packet({13, 12480, 9}, tone.next(), 81000);   // late/reordered
  stats.on_packet({15, 99999, 9}, tone.next(), 100000);  // timestamp jump
  const auto r = stats.report();
  EXPECT_EQ(r.sequence_missing, 2u);
  EXPECT_EQ(r.sequence_errors, 1u);
  EXPECT_EQ(r.timestamp_errors, 1u);
  EXPECT_NEAR(r.max_gap_ms, 60.0, 0.01);
}

TEST(StreamStats, ResetKeepsContinuityAcrossIt) {
  StreamStats stats(3);
  ToneEncoder tone(440);
  stats.on_packet({1, 960, 3}, tone.next(), 0);
  stats.reset_counters();
  stats.on_packet({5, 4800, 3}, tone.next(), 1000000);
  const auto r = stats.report();
  EXPECT_EQ(r.packets, 1u);
  EXPECT_EQ(r.sequence_missing, 3u);
  EXPECT_EQ(r.max_gap_ms, 0.0);  // no interval measured across the reset
}

// The scale benchmark's receiver opens one packet in N: every packet still counts for sequence and
// timing, and an opened packet that was tampered with is caught; one outside the sample is not
// (the price of sampling, which only the benchmark pays).
TEST(StreamStats, SampledDecryptionKeepsEveryPacketsTimingAndCatchesAForgedSampledOne) {
  lava::discord::TransportKey key{};
  key[3] = 9;
  const TransportCipher cipher(lava::discord::TransportMode::kXChaCha20Poly1305RtpSize, key);
  StreamStats stats(5, 1, false, 4);
  ToneEncoder tone(440);
  int taken = 0;
  for (std::uint16_t seq = 100; seq <= 111; ++seq) {
    auto packet = sealed(cipher, {seq, seq * 960u, 5}, tone.next());
    if (seq == 103) continue;  // lost on the way
    // Taken in this order, packets 0, 4 and 8 (seq 100, 105, 109) are the opened sample.
    const bool forged = seq == 106 || seq == 109;
    if (forged) packet[lava::discord::kRtpHeaderSize + 2] ^= 0x40;
    // From seq 107 on every packet is 30 ms late: one 50 ms interval.
    const std::int64_t arrival = seq * 20000 + (seq >= 107 ? 30000 : 0);
    const auto header = lava::discord::parse_rtp_header(packet);
    ASSERT_TRUE(header);
    const bool accepted = stats.on_sealed_packet(*header, packet, cipher, arrival);
    EXPECT_EQ(accepted, seq != 109) << seq;
    ++taken;
  }
  EXPECT_EQ(taken, 11);
  const auto r = stats.report();
  EXPECT_EQ(r.packets, 10u);          // all but the forged sampled one
  EXPECT_EQ(r.sequence_missing, 2u);  // the lost one and the rejected one
  EXPECT_EQ(r.sequence_errors, 0u);
  EXPECT_EQ(r.timestamp_errors, 0u);
  EXPECT_EQ(r.audio_frames, 2u);  // the sample's two authentic packets, decoded
  EXPECT_EQ(r.decode_failures, 0u);
  EXPECT_NEAR(r.max_gap_ms, 50.0, 0.01);
}
