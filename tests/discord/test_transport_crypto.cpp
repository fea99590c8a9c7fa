// Transport encryption against libsodium's combined-mode API as the reference layout:
// header ‖ ciphertext ‖ tag ‖ 4-byte BE nonce, AAD = header, nonce = counter ‖ zeros.
#include <gtest/gtest.h>

#include <cstdlib>
#include <numeric>
#include <vector>

#include "rtp.h"
#include "transport_crypto.h"

using namespace lava::discord;

namespace {

TransportKey test_key() {
  TransportKey key;
  std::iota(key.begin(), key.end(), std::uint8_t{7});
  return key;
}

std::vector<std::uint8_t> reference_packet(TransportMode mode, std::span<const std::uint8_t> header,
                                           std::span<const std::uint8_t> payload,
                                           std::uint32_t nonce) {
  std::vector<std::uint8_t> out(header.begin(), header.end());
  std::vector<std::uint8_t> sealed(payload.size() + kTransportTagSize);
  unsigned long long len = 0;
  std::uint8_t full[24] = {static_cast<std::uint8_t>(nonce >> 24),
                           static_cast<std::uint8_t>(nonce >> 16),
                           static_cast<std::uint8_t>(nonce >> 8), static_cast<std::uint8_t>(nonce)};
  const auto key = test_key();
  if (mode == TransportMode::kAes256GcmRtpSize)
    crypto_aead_aes256gcm_encrypt(sealed.data(), &len, payload.data(), payload.size(),
                                  header.data(), header.size(), nullptr, full, key.data());
  else
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &len, payload.data(), payload.size(),
                                               header.data(), header.size(), nullptr, full,
                                               key.data());
  out.insert(out.end(), sealed.begin(), sealed.end());
  out.insert(out.end(), full, full + 4);
  return out;
}

class TransportCryptoTest : public ::testing::TestWithParam<TransportMode> {
 protected:
  void SetUp() override {
    if (!transport_mode_available(GetParam())) GTEST_SKIP() << "no AES-NI on this CPU";
  }
};

}  // namespace

TEST_P(TransportCryptoTest, SealMatchesReferenceLayoutAndOpens) {
  const TransportCipher cipher(GetParam(), test_key());
  std::vector<std::uint8_t> payload{0xfc, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06};
  std::vector<std::uint8_t> packet(kRtpHeaderSize + payload.size() + kTransportOverhead);
  write_rtp_header(std::span<std::uint8_t, kRtpHeaderSize>(packet.data(), kRtpHeaderSize),
                   {0xfffe, 123456, 0xdeadbeef});
  std::copy(payload.begin(), payload.end(), packet.begin() + kRtpHeaderSize);
  const std::uint32_t nonce = 0x01020304;
  ASSERT_EQ(cipher.seal(packet, kRtpHeaderSize, payload.size(), nonce), packet.size());
  EXPECT_EQ(packet,
            reference_packet(GetParam(), std::span(packet).first(kRtpHeaderSize), payload, nonce));
  auto opened = cipher.open(packet);
  ASSERT_TRUE(opened);
  EXPECT_EQ(std::vector<std::uint8_t>(opened->begin(), opened->end()), payload);
}

TEST_P(TransportCryptoTest, TamperedHeaderOrShortPacketIsRejected) {
  const TransportCipher cipher(GetParam(), test_key());
  std::vector<std::uint8_t> packet(kRtpHeaderSize + 3 + kTransportOverhead);
  write_rtp_header(std::span<std::uint8_t, kRtpHeaderSize>(packet.data(), kRtpHeaderSize),
                   {1, 960, 42});
  cipher.seal(packet, kRtpHeaderSize, 3, 9);
  auto tampered = packet;
  tampered[3] ^= 1;  // the sequence number is authenticated
  EXPECT_FALSE(cipher.open(tampered));
  EXPECT_FALSE(cipher.open(std::span(packet).first(kRtpHeaderSize + kTransportOverhead - 1)));
  const TransportCipher other(GetParam(), TransportKey{});
  EXPECT_FALSE(other.open(packet));
}

TEST_P(TransportCryptoTest, OpensPacketsWithAnExtensionHeaderAsAad) {
  const TransportCipher cipher(GetParam(), test_key());
  // Header with X bit + 4-byte extension header (1 word of body); body is encrypted with payload.
  std::vector<std::uint8_t> packet(kRtpHeaderSize + 4 + 4 + 2 + kTransportOverhead);
  write_rtp_header(std::span<std::uint8_t, kRtpHeaderSize>(packet.data(), kRtpHeaderSize),
                   {5, 4800, 77});
  packet[0] |= 0x10;
  packet[12] = 0xbe, packet[13] = 0xde, packet[14] = 0, packet[15] = 1;
  const std::uint8_t body_and_opus[] = {1, 2, 3, 4, 0xaa, 0xbb};
  std::copy(std::begin(body_and_opus), std::end(body_and_opus), packet.begin() + 16);
  cipher.seal(packet, 16, sizeof body_and_opus, 3);
  auto opened = cipher.open(packet);
  ASSERT_TRUE(opened);
  EXPECT_EQ(std::vector<std::uint8_t>(opened->begin(), opened->end()),
            (std::vector<std::uint8_t>{0xaa, 0xbb}));
}

INSTANTIATE_TEST_SUITE_P(Modes, TransportCryptoTest,
                         ::testing::Values(TransportMode::kAes256GcmRtpSize,
                                           TransportMode::kXChaCha20Poly1305RtpSize));

TEST(TransportModeChoice, PrefersAesOnlyWhenAvailableAndOffered) {
  const std::vector<std::string_view> both{"aead_xchacha20_poly1305_rtpsize",
                                           "aead_aes256_gcm_rtpsize", "xsalsa20_poly1305"};
  const auto chosen = choose_transport_mode(both);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(*chosen, transport_mode_available(TransportMode::kAes256GcmRtpSize)
                         ? TransportMode::kAes256GcmRtpSize
                         : TransportMode::kXChaCha20Poly1305RtpSize);
  EXPECT_EQ(choose_transport_mode({"aead_xchacha20_poly1305_rtpsize"}),
            TransportMode::kXChaCha20Poly1305RtpSize);
  EXPECT_FALSE(choose_transport_mode({"xsalsa20_poly1305", "aead_aes256_gcm"}));
  setenv("LAVA_TRANSPORT_NO_AES", "1", 1);
  EXPECT_EQ(choose_transport_mode(both), TransportMode::kXChaCha20Poly1305RtpSize);
  unsetenv("LAVA_TRANSPORT_NO_AES");
}

TEST(RtpHeader, RoundTripsBigEndianFields) {
  std::uint8_t buf[kRtpHeaderSize];
  write_rtp_header(buf, {0xabcd, 0x01020304, 0xa0b0c0d0});
  EXPECT_EQ(buf[0], 0x80);
  EXPECT_EQ(buf[1], 0x78);
  EXPECT_EQ(buf[2], 0xab);
  EXPECT_EQ(buf[7], 0x04);
  auto h = parse_rtp_header(buf);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->sequence, 0xabcd);
  EXPECT_EQ(h->timestamp, 0x01020304u);
  EXPECT_EQ(h->ssrc, 0xa0b0c0d0u);
}
