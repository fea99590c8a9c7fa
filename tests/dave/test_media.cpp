#include <gtest/gtest.h>

#include <array>
#include <random>

#include "dave/crypto.h"
#include "dave/frame_cryptor.h"
#include "dave/leb128.h"
#include "dave/mls_crypto.h"
#include "hex.h"

namespace lava::dave {
namespace {

using test::from_hex;
using test::to_hex;
using Clock = FrameDecryptor::Clock;

const Bytes kBase = from_hex("000102030405060708090a0b0c0d0e0f");
const Bytes kOpus = from_hex("fc0102030405060708090a0b0c0d0e0f1011121314");

TEST(Leb128, RoundTripsAndRejectsBadEncodings) {
  for (std::uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, 0xffffffffull, ~0ull}) {
    Bytes b;
    write_uleb128(b, v);
    std::size_t pos = 0;
    EXPECT_EQ(read_uleb128(b, pos), v);
    EXPECT_EQ(pos, b.size());
  }
  Bytes b;
  write_uleb128(b, 300);
  EXPECT_EQ(to_hex(b), "ac02");  // the protocol description's algorithm gives the same bytes
  for (const char* bad :
       {"", "80", "ff", "8000", "ffffffffffffffffff02", "ffffffffffffffffffff01"}) {
    std::size_t pos = 0;
    EXPECT_FALSE(read_uleb128(from_hex(bad), pos)) << bad;
  }
}

TEST(KeyRatchet, FollowsTheMlsHashRatchet) {
  KeyRatchet r(kBase);
  const Bytes secret1 = expand_with_label(kBase, "secret", from_hex("00000000"), 32);
  EXPECT_EQ(r.key(0), expand_with_label(kBase, "key", from_hex("00000000"), 16));
  EXPECT_EQ(r.key(1), expand_with_label(secret1, "key", from_hex("00000001"), 16));
  r.erase_before(1);
  EXPECT_FALSE(r.key(0));
  EXPECT_TRUE(r.key(1));
  // Generations 0 and 1 are derived, so the ratchet stands at 2.
  EXPECT_FALSE(r.key(2 + kMaxGenerationGap + 1));
  EXPECT_TRUE(r.key(2 + kMaxGenerationGap));
}

TEST(MediaFrame, OpusFrameLayout) {
  FrameEncryptor enc;
  EXPECT_FALSE(enc.encrypt_opus(kOpus));  // no key yet
  enc.set_ratchet(KeyRatchet(kBase));
  const auto f0 = enc.encrypt_opus(kOpus);
  const auto f1 = enc.encrypt_opus(kOpus);
  ASSERT_TRUE(f0 && f1);
  // ciphertext (same size) ‖ tag[8] ‖ nonce 0 ‖ size 12 ‖ FA FA
  ASSERT_EQ(f0->size(), kOpus.size() + 12);
  EXPECT_EQ(to_hex(ByteView(*f0).last(4)), "000cfafa");
  EXPECT_EQ(to_hex(ByteView(*f1).last(4)), "010cfafa");
  // Independently: AES-128-GCM under key_0 with nonce 00..00 ‖ LE32(1), empty AAD, tag cut to 8.
  KeyRatchet r(kBase);
  const Bytes expected =
      aes128gcm_seal(*r.key(0), from_hex("000000000000000001000000"), {}, kOpus, 8);
  EXPECT_EQ(to_hex(ByteView(*f1).first(expected.size())), to_hex(expected));
}

// One context kept across nonces (the media path's) seals as a fresh context per nonce does.
TEST(Aes128GcmSealer, ReusedAcrossNoncesMatchesAFreshContext) {
  KeyRatchet r(kBase);
  Aes128GcmSealer sealer(*r.key(0));
  for (std::uint32_t nonce : {0u, 1u, 2u, 0x01000000u, 0xffffffffu}) {
    const auto iv = media_nonce(nonce);
    Bytes reused(kOpus.size() + 8);
    ASSERT_EQ(sealer.seal(iv, {}, kOpus, reused, 8), reused.size());
    Bytes fresh(kOpus.size() + 8);
    Aes128GcmSealer(*r.key(0)).seal(iv, {}, kOpus, fresh, 8);
    EXPECT_EQ(to_hex(reused), to_hex(fresh)) << nonce;
  }
}

// The span form writes the same frames as the Bytes form, and nothing into a slot too small.
TEST(MediaFrame, EncryptsIntoASpanAsIntoBytes) {
  FrameEncryptor bytes_enc, span_enc;
  bytes_enc.set_ratchet(KeyRatchet(kBase));
  span_enc.set_ratchet(KeyRatchet(kBase));
  std::array<std::uint8_t, 1400> slot;
  for (std::size_t size : {1u, 21u, 300u, 1275u}) {
    Bytes opus(size, 0x5a);
    opus[0] = 0xfc;
    const auto expected = bytes_enc.encrypt_opus(opus);
    ASSERT_TRUE(expected);
    const std::size_t n = span_enc.encrypt_opus(opus, slot);
    EXPECT_EQ(to_hex(ByteView(slot).first(n)), to_hex(*expected)) << size;
  }
  EXPECT_EQ(span_enc.encrypt_opus(kOpus, std::span(slot).first(kOpus.size() + 4)), 0u);
}

TEST(MediaFrame, SilencePassesThroughBothWays) {
  FrameEncryptor enc;
  FrameDecryptor dec;
  const Bytes silence = from_hex("f8fffe");
  EXPECT_EQ(enc.encrypt_opus(silence), silence);
  auto out = dec.decrypt(silence, Clock::now());
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, silence);
}

TEST(MediaFrame, DecryptsRefusesTamperingAndReplay) {
  FrameEncryptor enc;
  enc.set_ratchet(KeyRatchet(kBase));
  FrameDecryptor dec;
  const auto now = Clock::now();
  dec.add_ratchet(KeyRatchet(kBase), now);
  const auto f = enc.encrypt_opus(kOpus);
  auto out = dec.decrypt(*f, now);
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, kOpus);
  EXPECT_FALSE(dec.decrypt(*f, now));  // the same nonce twice
  Bytes tampered = *enc.encrypt_opus(kOpus);
  tampered[2] ^= 1;
  EXPECT_FALSE(dec.decrypt(tampered, now));
  FrameDecryptor stranger;
  stranger.add_ratchet(KeyRatchet(from_hex("ff0102030405060708090a0b0c0d0e0f")), now);
  EXPECT_FALSE(stranger.decrypt(*enc.encrypt_opus(kOpus), now));
}

TEST(MediaFrame, PreviousEpochDecryptsForTenSeconds) {
  const Bytes next_base = from_hex("100102030405060708090a0b0c0d0e0f");
  FrameEncryptor old_epoch;
  old_epoch.set_ratchet(KeyRatchet(kBase));
  FrameDecryptor dec;
  const auto t0 = Clock::now();
  dec.add_ratchet(KeyRatchet(kBase), t0);
  dec.add_ratchet(KeyRatchet(next_base), t0);
  EXPECT_TRUE(dec.decrypt(*old_epoch.encrypt_opus(kOpus), t0 + std::chrono::seconds(9)));
  FrameEncryptor new_epoch;
  new_epoch.set_ratchet(KeyRatchet(next_base));
  EXPECT_TRUE(dec.decrypt(*new_epoch.encrypt_opus(kOpus), t0 + std::chrono::seconds(9)));
  EXPECT_FALSE(dec.decrypt(*old_epoch.encrypt_opus(kOpus), t0 + std::chrono::seconds(11)));
}

// A frame built by hand: generation 1 and an unencrypted two-byte prefix authenticated as AAD.
TEST(MediaFrame, LaterGenerationsAndUnencryptedRanges) {
  KeyRatchet r(kBase);
  const std::uint32_t nonce = 0x01000007;
  const Bytes header = from_hex("9d01");
  const Bytes body = from_hex("aabbccddeeff");
  const Bytes sealed =
      aes128gcm_seal(*r.key(1), from_hex("000000000000000007000001"), header, body, 8);
  Bytes frame = header;
  frame.insert(frame.end(), sealed.begin(), sealed.end() - 8);
  frame.insert(frame.end(), sealed.end() - 8, sealed.end());
  const std::size_t trailer_start = frame.size() - 8;
  write_uleb128(frame, nonce);
  write_uleb128(frame, 0);  // range offset
  write_uleb128(frame, 2);  // range size
  frame.push_back(static_cast<std::uint8_t>(frame.size() - trailer_start + 3));
  frame.push_back(0xfa);
  frame.push_back(0xfa);
  FrameDecryptor dec;
  dec.add_ratchet(KeyRatchet(kBase), Clock::now());
  auto out = dec.decrypt(frame, Clock::now());
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(to_hex(*out), "9d01aabbccddeeff");
}

TEST(MediaFrame, ProtocolFrameCheck) {
  EXPECT_FALSE(parse_protocol_frame(from_hex("0102")));
  EXPECT_FALSE(parse_protocol_frame(from_hex("00000000000000000000000cfafb")));  // magic
  EXPECT_FALSE(parse_protocol_frame(from_hex("00000000000000000000000bfafa")));  // size < min
  EXPECT_FALSE(parse_protocol_frame(from_hex("0000000000000000000000fffafa")));  // size > frame
  EXPECT_TRUE(parse_protocol_frame(from_hex("00000000000000000000000cfafa")));   // empty media
  // Ranges must stay inside the media bytes and ascend without overlap.
  EXPECT_TRUE(
      parse_protocol_frame(from_hex("aabb"
                                    "0000000000000000"
                                    "00"
                                    "0002"
                                    "0efafa")));
  EXPECT_FALSE(
      parse_protocol_frame(from_hex("aabb"
                                    "0000000000000000"
                                    "00"
                                    "0003"
                                    "0efafa")));
  EXPECT_FALSE(
      parse_protocol_frame(from_hex("aabbcc"
                                    "0000000000000000"
                                    "00"
                                    "0002"
                                    "0101"
                                    "10fafa")));
  EXPECT_FALSE(
      parse_protocol_frame(from_hex("0000000000000000"
                                    "8080808010"
                                    "10fafa")));  // > u32
}

TEST(MediaFrame, ParserAndDecryptorAreTotalOnRandomInput) {
  std::mt19937 rng(42);
  FrameDecryptor dec;
  dec.add_ratchet(KeyRatchet(kBase), Clock::now());
  int decrypted = 0;
  for (int i = 0; i < 20000; ++i) {
    Bytes b(rng() % 40);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    if (b.size() >= 3 && rng() % 2) {
      b[b.size() - 1] = b[b.size() - 2] = 0xfa;
      b[b.size() - 3] = static_cast<std::uint8_t>(rng() % (b.size() + 1));
    }
    decrypted += dec.decrypt(b, Clock::now()).ok() && b.size() != 3 ? 1 : 0;
  }
  EXPECT_EQ(decrypted, 0);
}

}  // namespace
}  // namespace lava::dave
