// The labelled MLS operations of RFC 9420 §5 over ciphersuite 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "bytes.h"
#include "hpke.h"
#include "p256.h"

namespace lava::dave {

// ExpandWithLabel(secret, label, context, length) with the "MLS 1.0 " label prefix.
Bytes expand_with_label(ByteView secret, std::string_view label, ByteView context,
                        std::size_t length);
Bytes derive_secret(ByteView secret, std::string_view label);
// DeriveTreeSecret (§9.1): ExpandWithLabel with the generation as a uint32 context.
Bytes derive_tree_secret(ByteView secret, std::string_view label, std::uint32_t generation,
                         std::size_t length);
// RefHash (§5.2): Hash(RefHashInput{label<V>, value<V>}).
Bytes ref_hash(std::string_view label, ByteView value);
inline Bytes make_key_package_ref(ByteView key_package) {
  return ref_hash("MLS 1.0 KeyPackage Reference", key_package);
}
inline Bytes make_proposal_ref(ByteView authenticated_content) {
  return ref_hash("MLS 1.0 Proposal Reference", authenticated_content);
}

Bytes sign_with_label(const P256KeyPair& key, std::string_view label, ByteView content);
bool verify_with_label(ByteView public_key, std::string_view label, ByteView content,
                       ByteView signature);

HpkeCiphertext encrypt_with_label(ByteView public_key, std::string_view label, ByteView context,
                                  ByteView plaintext);
std::optional<Bytes> decrypt_with_label(ByteView private_key, std::string_view label,
                                        ByteView context, ByteView kem_output, ByteView ciphertext);
// HPKECiphertext{kem_output<V>, ciphertext<V>} as it appears on the wire.
Bytes encode_hpke_ciphertext(const HpkeCiphertext& c);

}  // namespace lava::dave
