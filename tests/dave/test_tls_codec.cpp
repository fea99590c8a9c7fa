#include <gtest/gtest.h>

#include "dave/tls_codec.h"
#include "hex.h"
#include "rfc9420_vectors.h"

namespace lava::dave {
namespace {

using test::from_hex;
using test::to_hex;

TEST(TlsCodec, VarintHeadersMatchRfcVectors) {
  for (const auto& v : vectors::kVarints) {
    TlsWriter w;
    w.varint(v.length);
    EXPECT_EQ(to_hex(w.bytes()), v.header) << v.length;
    const Bytes header = from_hex(v.header);
    TlsReader r(header);
    EXPECT_EQ(r.varint(), v.length);
    EXPECT_TRUE(r.done());
  }
}

TEST(TlsCodec, RejectsReservedAndNonMinimalVarints) {
  for (const char* bad : {"c0", "ff000000", "4000", "403f", "80000001", "80003fff"}) {
    const Bytes b = from_hex(bad);
    TlsReader r(b);
    r.varint();
    EXPECT_FALSE(r.ok()) << bad;
  }
}

TEST(TlsCodec, NeverReadsPastTheEnd) {
  const Bytes claims_more = from_hex("0a0102");  // length 10, two bytes present
  TlsReader r(claims_more);
  EXPECT_TRUE(r.opaque().empty());
  EXPECT_FALSE(r.ok());
  // Once failed, every later read stays failed and returns nothing.
  EXPECT_EQ(r.u64(), 0u);
  EXPECT_FALSE(r.ok());

  const Bytes truncated = from_hex("40");
  TlsReader t(truncated);
  t.varint();
  EXPECT_FALSE(t.ok());
}

TEST(TlsCodec, RoundTripsIntegersAndVectors) {
  TlsWriter w;
  w.u8(1);
  w.u16(0x0203);
  w.u32(0x04050607);
  w.u64(0x08090a0b0c0d0e0full);
  w.vector([](TlsWriter& inner) {
    inner.opaque(from_hex("aabb"));
    inner.opaque({});
  });
  const Bytes encoded = w.take();
  EXPECT_EQ(to_hex(encoded), "0102030405060708090a0b0c0d0e0f0402aabb00");
  TlsReader r(encoded);
  EXPECT_EQ(r.u8(), 1);
  EXPECT_EQ(r.u16(), 0x0203);
  EXPECT_EQ(r.u32(), 0x04050607u);
  EXPECT_EQ(r.u64(), 0x08090a0b0c0d0e0full);
  auto items = read_vector<Bytes>(r, [](TlsReader& item) {
    const ByteView v = item.opaque();
    return Bytes(v.begin(), v.end());
  });
  ASSERT_TRUE(r.done());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(to_hex(items[0]), "aabb");
  EXPECT_TRUE(items[1].empty());
}

TEST(TlsCodec, NestedVectorOverrunFailsParent) {
  const Bytes b = from_hex(
      "02"
      "05aa");  // outer vector of 2 bytes whose item claims 5
  TlsReader r(b);
  read_vector<Bytes>(r, [](TlsReader& item) {
    const ByteView v = item.opaque();
    return Bytes(v.begin(), v.end());
  });
  EXPECT_FALSE(r.ok());
}

TEST(TlsCodec, PresenceByteIsZeroOrOne) {
  const Bytes b = from_hex("000102");
  TlsReader r(b);
  EXPECT_FALSE(r.presence());
  EXPECT_TRUE(r.presence());
  EXPECT_TRUE(r.ok());
  r.presence();
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace lava::dave
