#include "frame_transform.h"

#include <cstring>

#include "dave/media_frame.h"

namespace lava::discord {

void FrameTransform::set_ratchet(dave::KeyRatchet ratchet) {
  std::lock_guard lock(mutex_);
  encryptor_.emplace();
  encryptor_->set_ratchet(std::move(ratchet));
}

void FrameTransform::clear() {
  std::lock_guard lock(mutex_);
  encryptor_.reset();
}

bool FrameTransform::active() const {
  std::lock_guard lock(mutex_);
  return encryptor_.has_value();
}

FrameTransformStats FrameTransform::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::size_t FrameTransform::transform(std::span<const std::uint8_t> opus,
                                      std::span<std::uint8_t> out) {
  std::lock_guard lock(mutex_);
  // Silence frames stay unencrypted (protocol.md "Opus silence packets").
  if (!encryptor_ || dave::is_opus_silence(opus)) {
    if (opus.size() > out.size()) return 0;
    if (!dave::is_opus_silence(opus)) ++stats_.plain;
    std::memcpy(out.data(), opus.data(), opus.size());
    return opus.size();
  }
  // Sealed straight into the ring's slot, without allocating: this runs under the ring's lock.
  const std::size_t n = encryptor_->encrypt_opus(opus, out);
  // No key (the ratchet's generations are exhausted) or too large: drop rather than leak it.
  if (n > 0) ++stats_.encrypted;
  return n;
}

}  // namespace lava::discord
