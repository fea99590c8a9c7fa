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
  const auto frame = encryptor_->encrypt_opus(opus);
  // No key (the ratchet's generations are exhausted) or too large: drop rather than leak it.
  if (!frame || frame->size() > out.size()) return 0;
  ++stats_.encrypted;
  std::memcpy(out.data(), frame->data(), frame->size());
  return frame->size();
}

}  // namespace lava::discord
