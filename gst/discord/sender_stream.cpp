#include "sender_stream.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace lava::discord {
namespace {
constexpr std::uint8_t kSilence[] = {0xf8, 0xff, 0xfe};
}

SenderStream::SenderStream(SpeakingCallback on_speaking)
    : on_speaking_(std::move(on_speaking)), ring_(kDefaultRingFrames) {}

void SenderStream::set_capacity(std::size_t frames) {
  frames = std::clamp(frames, kMinRingFrames, kMaxRingFrames);
  std::lock_guard lock(mutex_);
  if (frames == ring_.size()) return;
  ring_ = std::vector<Frame>(frames);
  head_ = count_ = 0;
  space_.notify_all();
}

std::size_t SenderStream::capacity() const {
  std::lock_guard lock(mutex_);
  return ring_.size();
}

void SenderStream::set_refill_mark(std::size_t frames) {
  std::lock_guard lock(mutex_);
  refill_mark_ = std::max<std::size_t>(frames, 1);
  // A producer asleep on a full ring that has already drained past the new mark is not woken at
  // it: wake it now, or it would sleep until the ring ran dry.
  if (count_ <= refill_mark_) space_.notify_all();
}

std::size_t SenderStream::refill_mark() const {
  std::lock_guard lock(mutex_);
  return refill_mark_;
}

bool SenderStream::push(const FrameWriter& write) {
  std::unique_lock lock(mutex_);
  space_.wait(lock, [&] { return unblocked_ || count_ < ring_.size(); });
  if (unblocked_) return false;
  const std::size_t size = write(scratch_);
  if (size == 0) return true;
  ring_[(head_ + count_) % ring_.size()].assign(scratch_.data(), scratch_.data() + size);
  ++count_;
  return true;
}

bool SenderStream::push(std::span<const std::uint8_t> payload) {
  if (payload.size() > kMaxPayload) return false;
  return push([&](std::span<std::uint8_t> out) {
    std::memcpy(out.data(), payload.data(), payload.size());
    return payload.size();
  });
}

bool SenderStream::wait_drained() {
  std::unique_lock lock(mutex_);
  space_.wait(lock, [&] { return unblocked_ || count_ == 0; });
  return !unblocked_;
}

void SenderStream::unblock() {
  std::lock_guard lock(mutex_);
  unblocked_ = true;
  space_.notify_all();
}

void SenderStream::resume_blocking() {
  std::lock_guard lock(mutex_);
  unblocked_ = false;
}

void SenderStream::flush() {
  std::lock_guard lock(mutex_);
  head_ = count_ = 0;
  space_.notify_all();
}

void SenderStream::set_playing(bool playing) {
  std::lock_guard lock(mutex_);
  playing_ = playing;
}

void SenderStream::set_transport(SenderTransport transport) {
  std::lock_guard lock(mutex_);
  if (!have_transport_) {
    // Random starting points, as RTP wants; kept across reconnects so sequences continue.
    randombytes_buf(&sequence_, sizeof sequence_);
    randombytes_buf(&timestamp_, sizeof timestamp_);
  }
  if (!transport_.cipher || transport.cipher != transport_.cipher) nonce_ = 0;
  transport_ = std::move(transport);
  have_transport_ = true;
  idle_ticks_ = kKeepAliveFrames - 1;  // a new session's first idle tick sends a keep-alive
  speaking_ = announce_ = false;       // a new session has not heard Speaking yet
}

void SenderStream::clear_transport() {
  std::lock_guard lock(mutex_);
  transport_.cipher.reset();
}

void SenderStream::reset_speaking() {
  std::lock_guard lock(mutex_);
  // Not speaking_ = false: that would also end a run of silence frames after the track's last
  // audio, cutting it short (the resume changes the WebSocket, not the UDP stream).
  announce_ = speaking_;
}

SenderCounters SenderStream::counters() const {
  constexpr auto relaxed = std::memory_order_relaxed;
  return {sent_.load(relaxed), nulled_.load(relaxed), deficit_.load(relaxed)};
}

std::size_t SenderStream::seal(std::span<std::uint8_t, kMaxPacket> out,
                               std::span<const std::uint8_t> payload) {
  write_rtp_header(out.first<kRtpHeaderSize>(), {sequence_, timestamp_, transport_.ssrc});
  std::memcpy(out.data() + kRtpHeaderSize, payload.data(), payload.size());
  const std::size_t n = transport_.cipher->seal(out, kRtpHeaderSize, payload.size(), nonce_);
  ++sequence_;
  timestamp_ += kRtpSamplesPerFrame;
  ++nonce_;
  idle_ticks_ = 0;
  return n;
}

std::size_t SenderStream::keep_alive(std::span<std::uint8_t, kMaxPacket> out) {
  if (++idle_ticks_ < kKeepAliveFrames) return 0;
  idle_ticks_ = 0;
  std::fill_n(out.data(), kKeepAliveSize, 0);
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(keep_alive_counter_ >> (8 * i));
  ++keep_alive_counter_;
  return kKeepAliveSize;
}

std::size_t SenderStream::next_packet(std::span<std::uint8_t, kMaxPacket> out,
                                      std::uint64_t deficit, Destination& to, Notes& notes) {
  std::lock_guard lock(mutex_);
  notes = {};
  if (!transport_.cipher) return 0;  // not connected: frames wait in the ring
  to.address = transport_.address;
  to.address_len = transport_.address_len;
  constexpr auto relaxed = std::memory_order_relaxed;
  if (playing_ && deficit > 0) deficit_.store(deficit_.load(relaxed) + deficit, relaxed);
  if (playing_ && count_ > 0) {
    Frame& f = ring_[head_];
    head_ = (head_ + 1) % ring_.size();
    // Wake the producer once, at the refill mark: it then refills the ring in one burst. Empty
    // wakes wait_drained().
    --count_;
    notes.refill = count_ == std::min(refill_mark_, ring_.size() / 2) || count_ == 0;
    sent_.store(sent_.load(relaxed) + 1, relaxed);
    silence_left_ = kSilenceFrames;
    if (!speaking_ || announce_) speaking_ = true, announce_ = false, notes.speaking_change = 1;
    return seal(out, f);
  }
  if (playing_) nulled_.store(nulled_.load(relaxed) + 1, relaxed);
  if (!speaking_ || silence_left_ <= 0) return keep_alive(out);
  if (--silence_left_ == 0) speaking_ = announce_ = false, notes.speaking_change = 0;
  return seal(out, kSilence);
}

}  // namespace lava::discord
