// HPKE (RFC 9180) base mode for DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM: the single
// HPKE configuration MLS ciphersuite 2 uses. Single-shot only (sequence number 0).
#pragma once

#include <optional>

#include "bytes.h"
#include "p256.h"

namespace lava::dave {

struct HpkeCiphertext {
  Bytes kem_output;  // enc: the ephemeral public key
  Bytes ciphertext;
};

HpkeCiphertext hpke_seal_base(ByteView recipient_public, ByteView info, ByteView aad,
                              ByteView plaintext);
// nullopt when the key, the encapsulation or the tag is invalid.
std::optional<Bytes> hpke_open_base(ByteView recipient_private, ByteView kem_output, ByteView info,
                                    ByteView aad, ByteView ciphertext);
// RFC 9180 §7.1.3 DeriveKeyPair for P-256 (MLS derives node keys from path secrets with it).
std::optional<P256KeyPair> hpke_derive_key_pair(ByteView ikm);

}  // namespace lava::dave
