// DAVE's per-sender media key ratchet: base = MLS-Exporter("Discord Secure Frames v0",
// sender user id as 8 little-endian bytes, 16), then the MLS hash ratchet of RFC 9420 §9.1
// (key_g = DeriveTreeSecret(secret_g, "key", g, 16), secret_{g+1} = ...("secret", g, 32)).
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "bytes.h"

namespace lava::dave {

class Group;

inline constexpr char kMediaExporterLabel[] = "Discord Secure Frames v0";
// A receiver refuses to ratchet further ahead than this in one step (libdave uses the same
// bound) so a forged generation cannot make it spin.
inline constexpr std::uint32_t kMaxGenerationGap = 250;

Bytes sender_base_secret(const Group& group, std::uint64_t sender_user_id);

class KeyRatchet {
 public:
  explicit KeyRatchet(Bytes base_secret) : next_secret_(std::move(base_secret)) {}
  // The key for `generation`; nullopt once erased or more than kMaxGenerationGap ahead.
  std::optional<Bytes> key(std::uint32_t generation);
  // Forgets keys below `generation` (after their grace period).
  void erase_before(std::uint32_t generation);
  std::uint32_t oldest_kept() const {
    return keys_.empty() ? next_generation_ : keys_.begin()->first;
  }

 private:
  Bytes next_secret_;
  std::uint32_t next_generation_ = 0;
  std::map<std::uint32_t, Bytes> keys_;
};

}  // namespace lava::dave
