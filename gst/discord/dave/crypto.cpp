#include "crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace lava::dave {
namespace {

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// OpenSSL failing on valid sizes means the library is broken; there is no sensible recovery.
void check(int rc) {
  if (rc != 1) std::abort();
}

}  // namespace

Bytes sha256(ByteView data) {
  Bytes out(kHashSize);
  unsigned int len = 0;
  check(EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr));
  return out;
}

Bytes hmac_sha256(ByteView key, ByteView data) {
  static const std::uint8_t empty = 0;
  Bytes out(kHashSize);
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.empty() ? &empty : key.data(), static_cast<int>(key.size()),
            data.data(), data.size(), out.data(), &len))
    std::abort();
  return out;
}

Bytes hkdf_extract(ByteView salt, ByteView ikm) {
  return hmac_sha256(salt, ikm);
}

// Written out (RFC 5869 §2.3) because MLS and DAVE expand from PRKs shorter than the hash
// (the 16-byte DAVE sender base secret), which a KDF provider may refuse.
Bytes hkdf_expand(ByteView prk, ByteView info, std::size_t length) {
  if (length > 255 * kHashSize) std::abort();
  Bytes out;
  Bytes block;
  for (std::uint8_t counter = 1; out.size() < length; ++counter) {
    Bytes input = block;
    input.insert(input.end(), info.begin(), info.end());
    input.push_back(counter);
    block = hmac_sha256(prk, input);
    out.insert(out.end(), block.begin(), block.end());
  }
  out.resize(length);
  return out;
}

Bytes random_bytes(std::size_t n) {
  Bytes out(n);
  check(RAND_bytes(out.data(), static_cast<int>(n)));
  return out;
}

bool constant_time_equal(ByteView a, ByteView b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void Aes128GcmSealer::Free::operator()(EVP_CIPHER_CTX* c) const {
  EVP_CIPHER_CTX_free(c);
}

Aes128GcmSealer::Aes128GcmSealer(ByteView key) : ctx_(EVP_CIPHER_CTX_new()) {
  if (key.size() != kAeadKeySize || !ctx_) std::abort();
  check(EVP_EncryptInit_ex(ctx_.get(), EVP_aes_128_gcm(), nullptr, key.data(), nullptr));
}

std::size_t Aes128GcmSealer::seal(ByteView nonce, ByteView aad, ByteView plaintext,
                                  std::span<std::uint8_t> out, std::size_t tag_size) {
  if (nonce.size() != kAeadNonceSize || tag_size > kAeadTagSize ||
      out.size() < plaintext.size() + tag_size)
    std::abort();
  // A new nonce on the initialised context keeps the key schedule: nothing is allocated.
  check(EVP_EncryptInit_ex(ctx_.get(), nullptr, nullptr, nullptr, nonce.data()));
  int len = 0;
  if (!aad.empty())
    check(EVP_EncryptUpdate(ctx_.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())));
  if (!plaintext.empty())
    check(EVP_EncryptUpdate(ctx_.get(), out.data(), &len, plaintext.data(),
                            static_cast<int>(plaintext.size())));
  check(EVP_EncryptFinal_ex(ctx_.get(), out.data() + plaintext.size(), &len));
  std::uint8_t tag[kAeadTagSize];
  check(EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_GCM_GET_TAG, kAeadTagSize, tag));
  std::copy_n(tag, tag_size, out.data() + plaintext.size());
  return plaintext.size() + tag_size;
}

Bytes aes128gcm_seal(ByteView key, ByteView nonce, ByteView aad, ByteView plaintext,
                     std::size_t tag_size) {
  Bytes out(plaintext.size() + tag_size);
  Aes128GcmSealer(key).seal(nonce, aad, plaintext, out, tag_size);
  return out;
}

bool aes128gcm_open(ByteView key, ByteView nonce, ByteView aad, ByteView ciphertext_and_tag,
                    Bytes& out, std::size_t tag_size) {
  if (key.size() != kAeadKeySize || nonce.size() != kAeadNonceSize || tag_size > kAeadTagSize ||
      tag_size < 4 || ciphertext_and_tag.size() < tag_size)
    return false;
  const std::size_t ct_size = ciphertext_and_tag.size() - tag_size;
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  check(EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, key.data(), nonce.data()));
  int len = 0;
  if (!aad.empty())
    check(EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())));
  out.resize(ct_size);
  if (ct_size > 0)
    check(EVP_DecryptUpdate(ctx.get(), out.data(), &len, ciphertext_and_tag.data(),
                            static_cast<int>(ct_size)));
  Bytes tag(ciphertext_and_tag.begin() + static_cast<std::ptrdiff_t>(ct_size),
            ciphertext_and_tag.end());
  check(
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size), tag.data()));
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + ct_size, &len) != 1) {
    out.clear();
    return false;
  }
  return true;
}

}  // namespace lava::dave
