// What the voice test server heard from one SSRC: RTP continuity, decoded Opus, tone, pacing.
#pragma once

#include <opus.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "rtp.h"
#include "transport_crypto.h"

namespace lava::voicetest {

// One decoded audio frame, for tests that need to know when a change was heard.
struct FrameNote {
  std::int64_t arrival_us = 0;  // CLOCK_REALTIME, as g_get_real_time()
  double hz = 0;                // tone from this frame's zero crossings (left channel)
  double rms_dbfs = -200;
};

struct StreamReport {
  std::uint32_t ssrc = 0;
  std::uint64_t packets = 0;
  std::uint64_t audio_frames = 0;  // decoded frames other than the F8 FF FE silence frame
  std::uint64_t silence_frames = 0;
  std::uint64_t decode_failures = 0;
  std::uint64_t sequence_missing = 0;  // packets skipped by forward sequence jumps
  std::uint64_t sequence_errors = 0;   // duplicates and packets going backwards
  std::uint64_t timestamp_errors = 0;  // timestamp not 960 per sequence step
  std::uint64_t trailing_silence = 0;  // silence frames since the last audio frame
  double max_gap_ms = 0;               // longest time between two packets
  double interval_jitter_p90_ms = 0;   // p90 of |packet interval - 20 ms|
  double interval_jitter_p99_ms = 0;   // p99 of |packet interval - 20 ms|
  double interval_p99_ms = 0;          // p99 of the packet interval itself
  double mean_interval_ms = 0;         // 20 ms when paced, far less when bursting
  double frequency_hz = 0;             // dominant tone from zero crossings of the left channel
  double rms_dbfs = -200;              // level of the audio frames
  std::uint16_t first_sequence = 0;
  std::uint16_t last_sequence = 0;
  std::vector<FrameNote> frames;  // every decoded audio frame, when the stream logs them
};

class StreamStats {
 public:
  // Decodes one audio packet in `decode_every` (the others count as audio unchecked);
  // `log_frames` keeps a FrameNote per decoded frame; on_sealed_packet() opens one packet in
  // `decrypt_every`.
  explicit StreamStats(std::uint32_t ssrc, int decode_every = 1, bool log_frames = false,
                       int decrypt_every = 1);
  ~StreamStats();
  StreamStats(const StreamStats&) = delete;
  StreamStats& operator=(const StreamStats&) = delete;

  void on_packet(const discord::RtpHeader& header, std::span<const std::uint8_t> opus,
                 std::int64_t arrival_us);
  // A transport-sealed packet (`packet`, opened in place). One in `decrypt_every`, the first
  // included, is opened — which authenticates its RTP header and payload — and judged as
  // on_packet(); the others count by their header and arrival time, as on_opaque_packet(), so a
  // load test's receiver keeps every packet's sequence and timing for a fraction of the
  // decryption. False when an opened packet fails authentication: it is then not counted at all
  // (its sequence number shows as missing), as before sampling.
  bool on_sealed_packet(const discord::RtpHeader& header, std::span<std::uint8_t> packet,
                        const discord::TransportCipher& cipher, std::int64_t arrival_us);
  // A packet whose payload cannot be decoded here (end-to-end encrypted for a group the test
  // server has no member in): counted for continuity and pacing only.
  void on_opaque_packet(const discord::RtpHeader& header, std::int64_t arrival_us);
  // Clears the counters but keeps the continuity state, so a later check still spans the reset.
  void reset_counters();
  StreamReport report() const;

 private:
  void track(const discord::RtpHeader& header, std::int64_t arrival_us);
  void check_continuity(const discord::RtpHeader& header);
  void analyse_audio(std::span<const std::int16_t> stereo, std::int64_t arrival_us);

  OpusDecoder* decoder_ = nullptr;
  int decode_every_ = 1;
  bool log_frames_ = false;
  int decrypt_every_ = 1;
  std::uint64_t undecoded_ = 0;
  std::uint64_t sealed_ = 0;  // sealed packets taken, opened or not
  StreamReport counts_;
  bool have_last_ = false;
  discord::RtpHeader last_{};
  std::int64_t last_arrival_us_ = -1;
  std::vector<double> intervals_ms_;
  std::uint64_t crossings_ = 0;
  std::uint64_t tone_samples_ = 0;
  double square_sum_ = 0;
  std::int16_t previous_left_ = 0;
  std::vector<std::int16_t> pcm_;
};

}  // namespace lava::voicetest
