#include "hpke.h"

#include <string_view>

#include "crypto.h"

namespace lava::dave {
namespace {

constexpr std::uint16_t kKemId = 0x0010;   // DHKEM(P-256, HKDF-SHA256)
constexpr std::uint16_t kKdfId = 0x0001;   // HKDF-SHA256
constexpr std::uint16_t kAeadId = 0x0001;  // AES-128-GCM

void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

void put(Bytes& b, std::string_view s) {
  b.insert(b.end(), s.begin(), s.end());
}
void put(Bytes& b, ByteView v) {
  b.insert(b.end(), v.begin(), v.end());
}

Bytes kem_suite_id() {
  Bytes id;
  put(id, "KEM");
  put16(id, kKemId);
  return id;
}

Bytes hpke_suite_id() {
  Bytes id;
  put(id, "HPKE");
  put16(id, kKemId);
  put16(id, kKdfId);
  put16(id, kAeadId);
  return id;
}

Bytes labeled_extract(ByteView suite, ByteView salt, std::string_view label, ByteView ikm) {
  Bytes input;
  put(input, "HPKE-v1");
  put(input, suite);
  put(input, label);
  put(input, ikm);
  return hkdf_extract(salt, input);
}

Bytes labeled_expand(ByteView suite, ByteView prk, std::string_view label, ByteView info,
                     std::size_t length) {
  Bytes input;
  put16(input, static_cast<std::uint16_t>(length));
  put(input, "HPKE-v1");
  put(input, suite);
  put(input, label);
  put(input, info);
  return hkdf_expand(prk, input, length);
}

Bytes extract_and_expand(ByteView dh, ByteView kem_context) {
  const Bytes suite = kem_suite_id();
  const Bytes prk = labeled_extract(suite, {}, "eae_prk", dh);
  return labeled_expand(suite, prk, "shared_secret", kem_context, kHashSize);
}

struct AeadKey {
  Bytes key;
  Bytes nonce;
};

AeadKey key_schedule_base(ByteView shared_secret, ByteView info) {
  const Bytes suite = hpke_suite_id();
  Bytes context{0x00};  // mode_base
  put(context, labeled_extract(suite, {}, "psk_id_hash", {}));
  put(context, labeled_extract(suite, {}, "info_hash", info));
  const Bytes secret = labeled_extract(suite, shared_secret, "secret", {});
  return {labeled_expand(suite, secret, "key", context, kAeadKeySize),
          labeled_expand(suite, secret, "base_nonce", context, kAeadNonceSize)};
}

}  // namespace

HpkeCiphertext hpke_seal_base(ByteView recipient_public, ByteView info, ByteView aad,
                              ByteView plaintext) {
  const P256KeyPair eph = P256KeyPair::generate();
  auto dh = p256_dh(eph.private_key, recipient_public);
  if (!dh) return {};  // invalid recipient key: the empty result fails at the recipient
  const Bytes shared = extract_and_expand(*dh, concat(eph.public_key, recipient_public));
  const AeadKey k = key_schedule_base(shared, info);
  return {eph.public_key, aes128gcm_seal(k.key, k.nonce, aad, plaintext)};
}

std::optional<Bytes> hpke_open_base(ByteView recipient_private, ByteView kem_output, ByteView info,
                                    ByteView aad, ByteView ciphertext) {
  auto own = P256KeyPair::from_private(recipient_private);
  if (!own) return std::nullopt;
  auto dh = p256_dh(recipient_private, kem_output);
  if (!dh) return std::nullopt;
  const Bytes shared = extract_and_expand(*dh, concat(kem_output, own->public_key));
  const AeadKey k = key_schedule_base(shared, info);
  Bytes out;
  if (!aes128gcm_open(k.key, k.nonce, aad, ciphertext, out)) return std::nullopt;
  return out;
}

std::optional<P256KeyPair> hpke_derive_key_pair(ByteView ikm) {
  const Bytes suite = kem_suite_id();
  const Bytes prk = labeled_extract(suite, {}, "dkp_prk", ikm);
  for (unsigned counter = 0; counter < 256; ++counter) {
    const Bytes info{static_cast<std::uint8_t>(counter)};
    // The P-256 bitmask is 0xff, so the candidate is used as is.
    const Bytes candidate = labeled_expand(suite, prk, "candidate", info, kP256ScalarSize);
    if (auto pair = P256KeyPair::from_private(candidate)) return pair;
  }
  return std::nullopt;
}

}  // namespace lava::dave
