// RFC 9420 "welcome" test vector (suite 2): decrypt, verify the GroupInfo signature and its
// confirmation tag with secrets we derive ourselves.
#include <gtest/gtest.h>

#include "dave/crypto.h"
#include "dave/key_schedule.h"
#include "dave/welcome.h"
#include "hex.h"
#include "rfc9420_vectors.h"

namespace lava::dave {
namespace {

using test::from_hex;

KeyPackage key_package_from_message(const Bytes& message) {
  TlsReader r(message);
  EXPECT_EQ(r.u16(), 1);  // mls10
  EXPECT_EQ(r.u16(), 5);  // mls_key_package
  KeyPackage kp = KeyPackage::read(r);
  EXPECT_TRUE(r.done());
  return kp;
}

TEST(WelcomeVector, DecryptsAndVerifies) {
  const auto& v = vectors::kWelcome;
  const KeyPackage kp = key_package_from_message(from_hex(v.key_package));
  EXPECT_TRUE(kp.verify());
  const Bytes message = from_hex(v.welcome);
  auto welcome = Welcome::parse_message(message);
  ASSERT_TRUE(welcome) << welcome.error();
  auto opened = open_welcome(*welcome, kp, from_hex(v.init_priv));
  ASSERT_TRUE(opened) << opened.error();
  EXPECT_TRUE(opened->info.verify(from_hex(v.signer_pub)));
  const auto secrets =
      EpochSecrets::from_joiner(opened->secrets.joiner_secret, opened->info.context);
  EXPECT_EQ(hmac_sha256(secrets.confirmation_key, opened->info.context.confirmed_transcript_hash),
            opened->info.confirmation_tag);
  // Re-encoding what we parsed reproduces the exact bytes.
  EXPECT_EQ(Bytes(message.begin() + 4, message.end()), welcome->encode());
}

TEST(WelcomeVector, WrongKeyOrTamperingFails) {
  const auto& v = vectors::kWelcome;
  const KeyPackage kp = key_package_from_message(from_hex(v.key_package));
  auto welcome = Welcome::parse_message(from_hex(v.welcome));
  ASSERT_TRUE(welcome);
  Bytes wrong = from_hex(v.init_priv);
  wrong[31] ^= 1;
  EXPECT_FALSE(open_welcome(*welcome, kp, wrong));
  Welcome tampered = *welcome;
  tampered.encrypted_group_info[5] ^= 1;
  EXPECT_FALSE(open_welcome(tampered, kp, from_hex(v.init_priv)));
  KeyPackage other = kp;
  other.init_key[10] ^= 1;
  EXPECT_FALSE(open_welcome(*welcome, other, from_hex(v.init_priv)));
}

}  // namespace
}  // namespace lava::dave
