// Symmetric primitives of MLS ciphersuite 2 on OpenSSL 3: SHA-256, HMAC, HKDF, AES-128-GCM.
#pragma once

#include <openssl/types.h>

#include <cstddef>
#include <memory>
#include <span>

#include "bytes.h"

namespace lava::dave {

inline constexpr std::size_t kHashSize = 32;     // SHA-256, also KDF.Nh
inline constexpr std::size_t kAeadKeySize = 16;  // AES-128
inline constexpr std::size_t kAeadNonceSize = 12;
inline constexpr std::size_t kAeadTagSize = 16;

Bytes sha256(ByteView data);
Bytes hmac_sha256(ByteView key, ByteView data);
// RFC 5869.
Bytes hkdf_extract(ByteView salt, ByteView ikm);
Bytes hkdf_expand(ByteView prk, ByteView info, std::size_t length);
Bytes random_bytes(std::size_t n);
// Constant-time comparison for MACs and tags.
bool constant_time_equal(ByteView a, ByteView b);

// AES-128-GCM. `tag_size` is 16 for MLS; DAVE media frames truncate it to 8 (NIST SP 800-38D
// truncation keeps the leading bytes). Seal returns ciphertext ‖ tag.
Bytes aes128gcm_seal(ByteView key, ByteView nonce, ByteView aad, ByteView plaintext,
                     std::size_t tag_size = kAeadTagSize);
// AES-128-GCM sealing under one key for many nonces, without allocating per call: DAVE seals
// every media frame on a streaming thread under its ring's lock, which the real-time pacing
// thread takes too, and an allocation there may wait on a malloc arena lock held by a thread
// nobody boosts. Aborts on a key, nonce or output of the wrong size, like the functions here.
class Aes128GcmSealer {
 public:
  explicit Aes128GcmSealer(ByteView key);
  // Writes ciphertext ‖ the tag's first `tag_size` bytes into `out`; returns their size.
  std::size_t seal(ByteView nonce, ByteView aad, ByteView plaintext, std::span<std::uint8_t> out,
                   std::size_t tag_size = kAeadTagSize);

 private:
  struct Free {
    void operator()(EVP_CIPHER_CTX* c) const;
  };
  std::unique_ptr<EVP_CIPHER_CTX, Free> ctx_;
};

// Opens ciphertext ‖ tag into `out`; false when the tag does not verify or sizes are wrong.
bool aes128gcm_open(ByteView key, ByteView nonce, ByteView aad, ByteView ciphertext_and_tag,
                    Bytes& out, std::size_t tag_size = kAeadTagSize);

}  // namespace lava::dave
