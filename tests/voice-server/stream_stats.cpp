#include "stream_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace lava::voicetest {
namespace {

constexpr int kSampleRate = 48000;
constexpr int kMaxFrameSamples = 5760;  // 120 ms, the largest Opus frame
constexpr std::uint8_t kSilenceFrame[] = {0xf8, 0xff, 0xfe};
// Frames quieter than this are not used to estimate the tone.
constexpr double kToneFloorRms = 100.0;

bool is_silence_frame(std::span<const std::uint8_t> opus) {
  return opus.size() == sizeof kSilenceFrame && std::equal(opus.begin(), opus.end(), kSilenceFrame);
}

}  // namespace

StreamStats::StreamStats(std::uint32_t ssrc, int decode_every, bool log_frames, int decrypt_every)
    : decode_every_(std::max(decode_every, 1)),
      log_frames_(log_frames),
      decrypt_every_(std::max(decrypt_every, 1)),
      pcm_(kMaxFrameSamples * 2) {
  counts_.ssrc = ssrc;
  int err = 0;
  decoder_ = opus_decoder_create(kSampleRate, 2, &err);
  if (err != OPUS_OK) std::abort();
}

StreamStats::~StreamStats() {
  opus_decoder_destroy(decoder_);
}

void StreamStats::track(const discord::RtpHeader& header, std::int64_t arrival_us) {
  ++counts_.packets;
  check_continuity(header);
  if (last_arrival_us_ >= 0) {
    const double interval = static_cast<double>(arrival_us - last_arrival_us_) / 1000.0;
    counts_.max_gap_ms = std::max(counts_.max_gap_ms, interval);
    intervals_ms_.push_back(interval);
  }
  last_arrival_us_ = arrival_us;
}

void StreamStats::on_opaque_packet(const discord::RtpHeader& header, std::int64_t arrival_us) {
  track(header, arrival_us);
}

void StreamStats::on_packet(const discord::RtpHeader& header, std::span<const std::uint8_t> opus,
                            std::int64_t arrival_us) {
  track(header, arrival_us);
  if (is_silence_frame(opus)) {
    ++counts_.silence_frames;
    ++counts_.trailing_silence;
    return;
  }
  if (++undecoded_ < static_cast<std::uint64_t>(decode_every_)) {
    ++counts_.audio_frames;
    counts_.trailing_silence = 0;
    return;
  }
  undecoded_ = 0;
  const int samples = opus_decode(decoder_, opus.data(), static_cast<opus_int32>(opus.size()),
                                  pcm_.data(), kMaxFrameSamples, 0);
  if (samples < 0) {
    ++counts_.decode_failures;
    return;
  }
  ++counts_.audio_frames;
  counts_.trailing_silence = 0;
  analyse_audio(std::span<const std::int16_t>(pcm_.data(), static_cast<std::size_t>(samples) * 2),
                arrival_us);
}

bool StreamStats::on_sealed_packet(const discord::RtpHeader& header, std::span<std::uint8_t> packet,
                                   const discord::TransportCipher& cipher,
                                   std::int64_t arrival_us) {
  if (sealed_++ % static_cast<std::uint64_t>(decrypt_every_) != 0) {
    track(header, arrival_us);
    return true;
  }
  const auto opus = cipher.open(packet);
  if (!opus) return false;
  on_packet(header, *opus, arrival_us);
  return true;
}

void StreamStats::check_continuity(const discord::RtpHeader& header) {
  if (!have_last_) {
    counts_.first_sequence = header.sequence;
  } else {
    const auto step = static_cast<std::uint16_t>(header.sequence - last_.sequence);
    if (step == 0 || step > 0x8000) {
      ++counts_.sequence_errors;
      return;
    }
    counts_.sequence_missing += step - 1u;
    if (header.timestamp - last_.timestamp != step * discord::kRtpSamplesPerFrame)
      ++counts_.timestamp_errors;
  }
  have_last_ = true;
  last_ = header;
  counts_.last_sequence = header.sequence;
}

void StreamStats::analyse_audio(std::span<const std::int16_t> stereo, std::int64_t arrival_us) {
  double frame_square = 0;
  for (std::size_t i = 0; i < stereo.size(); i += 2) frame_square += double(stereo[i]) * stereo[i];
  const std::size_t frames = stereo.size() / 2;
  if (frames == 0) return;
  std::uint64_t crossings = 0;
  for (std::size_t i = 0; i < stereo.size(); i += 2) {
    if (previous_left_ < 0 && stereo[i] >= 0) ++crossings;
    previous_left_ = stereo[i];
  }
  const double rms = std::sqrt(frame_square / double(frames));
  if (log_frames_)
    counts_.frames.push_back({arrival_us, double(crossings) * kSampleRate / double(frames),
                              rms > 0 ? 20.0 * std::log10(rms / 32768.0) : -200.0});
  if (rms < kToneFloorRms) return;
  square_sum_ += frame_square;
  crossings_ += crossings;
  tone_samples_ += frames;
}

void StreamStats::reset_counters() {
  const std::uint32_t ssrc = counts_.ssrc;
  counts_ = StreamReport{};
  counts_.ssrc = ssrc;
  counts_.first_sequence = last_.sequence;
  counts_.last_sequence = last_.sequence;
  last_arrival_us_ = -1;
  intervals_ms_.clear();
  crossings_ = tone_samples_ = 0;
  square_sum_ = 0;
}

StreamReport StreamStats::report() const {
  StreamReport r = counts_;
  if (!intervals_ms_.empty()) {
    std::vector<double> jitter;
    jitter.reserve(intervals_ms_.size());
    double total = 0;
    for (double v : intervals_ms_) jitter.push_back(std::abs(v - 20.0)), total += v;
    r.mean_interval_ms = total / double(intervals_ms_.size());
    std::sort(jitter.begin(), jitter.end());
    r.interval_jitter_p90_ms = jitter[(jitter.size() - 1) * 90 / 100];
    r.interval_jitter_p99_ms = jitter[(jitter.size() - 1) * 99 / 100];
    std::vector<double> intervals = intervals_ms_;
    const auto p99 = intervals.begin() + std::ptrdiff_t((intervals.size() - 1) * 99 / 100);
    std::nth_element(intervals.begin(), p99, intervals.end());
    r.interval_p99_ms = *p99;
  }
  if (tone_samples_ > 0) {
    r.frequency_hz = double(crossings_) * kSampleRate / double(tone_samples_);
    r.rms_dbfs = 20.0 * std::log10(std::sqrt(square_sum_ / double(tone_samples_)) / 32768.0);
  }
  return r;
}

}  // namespace lava::voicetest
