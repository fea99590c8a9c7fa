#include "key_ratchet.h"

#include "crypto.h"
#include "group.h"
#include "mls_crypto.h"

namespace lava::dave {

Bytes sender_base_secret(const Group& group, std::uint64_t sender_user_id) {
  Bytes le(8);
  for (std::size_t i = 0; i < 8; ++i) le[i] = static_cast<std::uint8_t>(sender_user_id >> (8 * i));
  return group.export_secret(kMediaExporterLabel, le, kAeadKeySize);
}

std::optional<Bytes> KeyRatchet::key(std::uint32_t generation) {
  if (auto it = keys_.find(generation); it != keys_.end()) return it->second;
  if (generation < next_generation_ || generation - next_generation_ > kMaxGenerationGap)
    return std::nullopt;
  while (next_generation_ <= generation) {
    keys_[next_generation_] =
        derive_tree_secret(next_secret_, "key", next_generation_, kAeadKeySize);
    next_secret_ = derive_tree_secret(next_secret_, "secret", next_generation_, kHashSize);
    ++next_generation_;
  }
  return keys_[generation];
}

void KeyRatchet::erase_before(std::uint32_t generation) {
  keys_.erase(keys_.begin(), keys_.lower_bound(generation));
}

}  // namespace lava::dave
