#include <gtest/gtest.h>

#include "dave/crypto.h"
#include "dave/mls_crypto.h"
#include "hex.h"
#include "rfc9420_vectors.h"

namespace lava::dave {
namespace {

using test::from_hex;
using test::to_hex;
const auto& kV = vectors::kCryptoBasics;

TEST(CryptoBasics, RefHash) {
  EXPECT_EQ(to_hex(ref_hash(kV.ref_hash.label, from_hex(kV.ref_hash.value))), kV.ref_hash.out);
}

TEST(CryptoBasics, ExpandWithLabel) {
  const auto& v = kV.expand_with_label;
  EXPECT_EQ(to_hex(expand_with_label(from_hex(v.secret), v.label, from_hex(v.context), v.length)),
            v.out);
}

TEST(CryptoBasics, DeriveSecret) {
  const auto& v = kV.derive_secret;
  EXPECT_EQ(to_hex(derive_secret(from_hex(v.secret), v.label)), v.out);
}

TEST(CryptoBasics, DeriveTreeSecret) {
  const auto& v = kV.derive_tree_secret;
  EXPECT_EQ(to_hex(derive_tree_secret(from_hex(v.secret), v.label, v.generation, v.length)), v.out);
}

TEST(CryptoBasics, SignWithLabel) {
  const auto& v = kV.sign_with_label;
  auto key = P256KeyPair::from_private(from_hex(v.priv));
  ASSERT_TRUE(key);
  EXPECT_EQ(to_hex(key->public_key), v.pub);
  const Bytes content = from_hex(v.content);
  EXPECT_TRUE(verify_with_label(key->public_key, v.label, content, from_hex(v.signature)));
  const Bytes ours = sign_with_label(*key, v.label, content);
  EXPECT_TRUE(verify_with_label(key->public_key, v.label, content, ours));
  EXPECT_FALSE(verify_with_label(key->public_key, "other", content, ours));
  Bytes tampered = content;
  tampered[0] ^= 1;
  EXPECT_FALSE(verify_with_label(key->public_key, v.label, tampered, ours));
  EXPECT_FALSE(verify_with_label(key->public_key, v.label, content, from_hex("3000")));
}

TEST(CryptoBasics, EncryptWithLabel) {
  const auto& v = kV.encrypt_with_label;
  auto key = P256KeyPair::from_private(from_hex(v.priv));
  ASSERT_TRUE(key);
  EXPECT_EQ(to_hex(key->public_key), v.pub);
  const Bytes context = from_hex(v.context);
  auto plain = decrypt_with_label(key->private_key, v.label, context, from_hex(v.kem_output),
                                  from_hex(v.ciphertext));
  ASSERT_TRUE(plain);
  EXPECT_EQ(to_hex(*plain), v.plaintext);

  const auto sealed = encrypt_with_label(key->public_key, v.label, context, from_hex(v.plaintext));
  auto again =
      decrypt_with_label(key->private_key, v.label, context, sealed.kem_output, sealed.ciphertext);
  ASSERT_TRUE(again);
  EXPECT_EQ(to_hex(*again), v.plaintext);
  EXPECT_FALSE(
      decrypt_with_label(key->private_key, "other", context, sealed.kem_output, sealed.ciphertext));
  EXPECT_FALSE(
      decrypt_with_label(key->private_key, v.label, context, from_hex("04"), sealed.ciphertext));
}

TEST(CryptoBasics, InvalidKeysAreRejected) {
  EXPECT_FALSE(P256KeyPair::from_private(Bytes(32, 0)));
  EXPECT_FALSE(P256KeyPair::from_private(Bytes(32, 0xff)));  // above the group order
  EXPECT_FALSE(P256KeyPair::from_private(Bytes(31, 1)));
  Bytes off_curve = from_hex(kV.sign_with_label.pub);
  off_curve[64] ^= 1;
  EXPECT_FALSE(p256_valid_public(off_curve));
  EXPECT_FALSE(p256_dh(from_hex(kV.sign_with_label.priv), off_curve));
}

TEST(CryptoBasics, AesGcmTruncatedTag) {
  const Bytes key(16, 7);
  const Bytes nonce(12, 1);
  const Bytes full = aes128gcm_seal(key, nonce, {}, from_hex("00112233"));
  const Bytes short_tag = aes128gcm_seal(key, nonce, {}, from_hex("00112233"), 8);
  ASSERT_EQ(short_tag.size(), 12u);
  // A truncated tag is the leading bytes of the full one.
  EXPECT_TRUE(std::equal(short_tag.begin(), short_tag.end(), full.begin()));
  Bytes out;
  EXPECT_TRUE(aes128gcm_open(key, nonce, {}, short_tag, out, 8));
  EXPECT_EQ(to_hex(out), "00112233");
  Bytes bad = short_tag;
  bad.back() ^= 0x80;
  EXPECT_FALSE(aes128gcm_open(key, nonce, {}, bad, out, 8));
}

TEST(CryptoBasics, HmacAndHkdfMatchRfc4231And5869) {
  // RFC 4231 test case 2.
  EXPECT_EQ(
      to_hex(hmac_sha256(Bytes{'J', 'e', 'f', 'e'},
                         from_hex("7768617420646f2079612077616e7420666f72206e6f7468696e673f"))),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 5869 test case 1.
  const Bytes prk = hkdf_extract(from_hex("000102030405060708090a0b0c"), Bytes(22, 0x0b));
  EXPECT_EQ(to_hex(prk), "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
  EXPECT_EQ(to_hex(hkdf_expand(prk, from_hex("f0f1f2f3f4f5f6f7f8f9"), 42)),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

}  // namespace
}  // namespace lava::dave
