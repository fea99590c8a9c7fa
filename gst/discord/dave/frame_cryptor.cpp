#include "frame_cryptor.h"

#include <algorithm>

#include "crypto.h"
#include "leb128.h"

namespace lava::dave {
namespace {

// Nonces further behind the newest one than this are refused as replays (libdave's bound).
constexpr std::uint64_t kReplayWindow = 1000;

// Restores the full generation from its low 8 bits, assuming it is not older than `oldest`.
std::uint32_t unwrap_generation(std::uint32_t oldest, std::uint32_t low8) {
  const std::uint32_t base = oldest & ~0xffu;
  const std::uint32_t g = base | low8;
  return g < oldest ? g + 0x100 : g;
}

}  // namespace

void FrameEncryptor::set_ratchet(KeyRatchet ratchet) {
  ratchet_ = std::move(ratchet);
  sealer_.reset();
  frames_ = 0;
}

std::optional<Bytes> FrameEncryptor::encrypt_opus(ByteView frame) {
  Bytes out(frame.size() + kMaxSupplementalSize);
  const std::size_t n = encrypt_opus(frame, out);
  if (n == 0) return std::nullopt;
  out.resize(n);
  return out;
}

std::size_t FrameEncryptor::encrypt_opus(ByteView frame, std::span<std::uint8_t> out) {
  if (is_opus_silence(frame)) {
    if (frame.size() > out.size()) return 0;
    std::copy(frame.begin(), frame.end(), out.begin());
    return frame.size();
  }
  if (!ratchet_ || out.size() < frame.size() + kMaxSupplementalSize) return 0;
  const auto generation = static_cast<std::uint32_t>(frames_ >> 24);
  if (!sealer_ || sealer_generation_ != generation) {
    const auto key = ratchet_->key(generation);
    if (!key) return 0;
    sealer_.emplace(*key);
    sealer_generation_ = generation;
    // The sender only moves forward: keys behind the current generation are never needed again.
    ratchet_->erase_before(generation);
  }
  const auto nonce = static_cast<std::uint32_t>(frames_++);
  const auto iv = media_nonce(nonce);
  std::size_t n = sealer_->seal(iv, {}, frame, out, kMediaTagSize);
  const std::size_t nonce_size = write_uleb128(out.subspan(n), nonce);
  n += nonce_size;
  out[n++] = static_cast<std::uint8_t>(kMediaTagSize + nonce_size + 1 + kMagicMarker.size());
  return static_cast<std::size_t>(
      std::copy(kMagicMarker.begin(), kMagicMarker.end(), out.begin() + n) - out.begin());
}

void FrameDecryptor::add_ratchet(KeyRatchet ratchet, Clock::time_point now) {
  for (Epoch& e : epochs_)
    if (!e.expires) e.expires = now + kGracePeriod;
  epochs_.push_back(Epoch{std::move(ratchet), std::nullopt, 0, {}});
}

bool FrameDecryptor::try_epoch(Epoch& e, const ProtocolFrame& f, Bytes& out) {
  const std::uint32_t generation =
      unwrap_generation(e.ratchet.oldest_kept(), nonce_generation(f.nonce));
  const std::uint64_t full = (static_cast<std::uint64_t>(generation) << 24) | (f.nonce & 0xffffffu);
  if (full + kReplayWindow < e.newest ||
      std::find(e.recent.begin(), e.recent.end(), full) != e.recent.end())
    return false;
  const auto key = e.ratchet.key(generation);
  if (!key) return false;
  // Split the media bytes into authenticated plaintext (the ranges) and ciphertext.
  Bytes aad;
  Bytes ciphertext;
  std::size_t cursor = 0;
  for (const auto& r : f.ranges) {
    ciphertext.insert(ciphertext.end(), f.interleaved.begin() + cursor,
                      f.interleaved.begin() + r.offset);
    aad.insert(aad.end(), f.interleaved.begin() + r.offset,
               f.interleaved.begin() + r.offset + r.size);
    cursor = r.offset + r.size;
  }
  ciphertext.insert(ciphertext.end(), f.interleaved.begin() + cursor, f.interleaved.end());
  ciphertext.insert(ciphertext.end(), f.tag.begin(), f.tag.end());
  Bytes plain;
  if (!aes128gcm_open(*key, media_nonce(f.nonce), aad, ciphertext, plain, kMediaTagSize))
    return false;
  // Put the decrypted bytes back between the unencrypted ranges.
  out.assign(f.interleaved.begin(), f.interleaved.end());
  std::size_t p = 0;
  cursor = 0;
  for (const auto& r : f.ranges) {
    std::copy(plain.begin() + p, plain.begin() + p + (r.offset - cursor), out.begin() + cursor);
    p += r.offset - cursor;
    cursor = r.offset + r.size;
  }
  std::copy(plain.begin() + p, plain.end(), out.begin() + cursor);

  e.recent.push_back(full);
  e.newest = std::max(e.newest, full + 1);
  while (!e.recent.empty() && e.recent.front() + kReplayWindow < e.newest) e.recent.pop_front();
  while (e.recent.size() > kReplayWindow) e.recent.pop_front();
  return true;
}

Result<Bytes> FrameDecryptor::decrypt(ByteView frame, Clock::time_point now) {
  if (is_opus_silence(frame)) return Bytes(frame.begin(), frame.end());
  std::erase_if(epochs_, [&](const Epoch& e) { return e.expires && *e.expires <= now; });
  auto parsed = parse_protocol_frame(frame);
  if (!parsed) return Result<Bytes>::failure(parsed.error());
  if (epochs_.empty()) return Result<Bytes>::failure("no DAVE key for this sender");
  Bytes out;
  // Newest epoch first: that is where almost every frame belongs.
  for (auto it = epochs_.rbegin(); it != epochs_.rend(); ++it)
    if (try_epoch(*it, *parsed, out)) return out;
  return Result<Bytes>::failure("DAVE frame did not decrypt (wrong key, tampered or replayed)");
}

}  // namespace lava::dave
