#include "mls_crypto.h"

#include <string>

#include "crypto.h"
#include "tls_codec.h"

namespace lava::dave {
namespace {

ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// struct { opaque label<V> = "MLS 1.0 " + Label; opaque content<V>; } — the shape shared by
// SignContent and EncryptContext.
Bytes labeled_pair(std::string_view label, ByteView content) {
  TlsWriter w;
  w.opaque(as_bytes(std::string("MLS 1.0 ") + std::string(label)));
  w.opaque(content);
  return w.take();
}

}  // namespace

Bytes expand_with_label(ByteView secret, std::string_view label, ByteView context,
                        std::size_t length) {
  TlsWriter info;
  info.u16(static_cast<std::uint16_t>(length));
  info.vector([&](TlsWriter& w) { w.raw(as_bytes(std::string("MLS 1.0 ") + std::string(label))); });
  info.opaque(context);
  return hkdf_expand(secret, info.bytes(), length);
}

Bytes derive_secret(ByteView secret, std::string_view label) {
  return expand_with_label(secret, label, {}, kHashSize);
}

Bytes derive_tree_secret(ByteView secret, std::string_view label, std::uint32_t generation,
                         std::size_t length) {
  TlsWriter ctx;
  ctx.u32(generation);
  return expand_with_label(secret, label, ctx.bytes(), length);
}

Bytes ref_hash(std::string_view label, ByteView value) {
  TlsWriter w;
  w.opaque(as_bytes(label));
  w.opaque(value);
  return sha256(w.bytes());
}

Bytes sign_with_label(const P256KeyPair& key, std::string_view label, ByteView content) {
  return p256_sign(key, labeled_pair(label, content));
}

bool verify_with_label(ByteView public_key, std::string_view label, ByteView content,
                       ByteView signature) {
  return p256_verify(public_key, labeled_pair(label, content), signature);
}

HpkeCiphertext encrypt_with_label(ByteView public_key, std::string_view label, ByteView context,
                                  ByteView plaintext) {
  return hpke_seal_base(public_key, labeled_pair(label, context), {}, plaintext);
}

std::optional<Bytes> decrypt_with_label(ByteView private_key, std::string_view label,
                                        ByteView context, ByteView kem_output,
                                        ByteView ciphertext) {
  return hpke_open_base(private_key, kem_output, labeled_pair(label, context), {}, ciphertext);
}

Bytes encode_hpke_ciphertext(const HpkeCiphertext& c) {
  TlsWriter w;
  w.opaque(c.kem_output);
  w.opaque(c.ciphertext);
  return w.take();
}

}  // namespace lava::dave
