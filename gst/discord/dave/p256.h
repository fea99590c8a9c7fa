// NIST P-256 keys on OpenSSL 3: ECDSA-SHA256 signatures (DER) and ECDH, with keys kept as raw
// bytes (32-byte scalar, 65-byte uncompressed point) the way MLS serialises them.
#pragma once

#include <optional>

#include "bytes.h"

namespace lava::dave {

inline constexpr std::size_t kP256ScalarSize = 32;
inline constexpr std::size_t kP256PointSize = 65;

struct P256KeyPair {
  Bytes private_key;  // big-endian scalar, 32 bytes
  Bytes public_key;   // uncompressed point 0x04 ‖ X ‖ Y

  static P256KeyPair generate();
  // Rejects a scalar outside [1, n-1].
  static std::optional<P256KeyPair> from_private(ByteView scalar);
};

// True when `point` is a valid uncompressed point on the curve.
bool p256_valid_public(ByteView point);
Bytes p256_sign(const P256KeyPair& key, ByteView message);
bool p256_verify(ByteView public_key, ByteView message, ByteView der_signature);
// ECDH: the x coordinate of private·peer (32 bytes); nullopt for an invalid peer point.
std::optional<Bytes> p256_dh(ByteView private_key, ByteView peer_public);
// True when the 32-byte big-endian value is a valid private scalar (0 < s < n).
bool p256_valid_scalar(ByteView scalar);

}  // namespace lava::dave
