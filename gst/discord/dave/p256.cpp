#include "p256.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <cstdlib>
#include <memory>

namespace lava::dave {
namespace {

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using Group = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP, EC_GROUP_free>>;
using Point = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;

char kGroupName[] = "prime256v1";

Group curve() {
  return Group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
}

Bignum to_bn(ByteView b) {
  return Bignum(BN_bin2bn(b.data(), static_cast<int>(b.size()), nullptr));
}

// Builds an EVP_PKEY from raw parts; `scalar` may be empty for a public-only key.
Pkey make_pkey(ByteView scalar, ByteView point) {
  ParamBld bld(OSSL_PARAM_BLD_new());
  Bignum priv;
  OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0);
  OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  if (!scalar.empty()) {
    priv = to_bn(scalar);
    OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get());
  }
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  const int selection = scalar.empty() ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEYPAIR;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1)
    return nullptr;
  return Pkey(raw);
}

std::optional<Bytes> public_from_scalar(ByteView scalar) {
  Group g = curve();
  Bignum k = to_bn(scalar);
  Point p(EC_POINT_new(g.get()));
  if (!EC_POINT_mul(g.get(), p.get(), k.get(), nullptr, nullptr, nullptr)) return std::nullopt;
  Bytes out(kP256PointSize);
  if (EC_POINT_point2oct(g.get(), p.get(), POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(),
                         nullptr) != kP256PointSize)
    return std::nullopt;
  return out;
}

}  // namespace

bool p256_valid_scalar(ByteView scalar) {
  if (scalar.size() != kP256ScalarSize) return false;
  Group g = curve();
  Bignum k = to_bn(scalar);
  return !BN_is_zero(k.get()) && BN_cmp(k.get(), EC_GROUP_get0_order(g.get())) < 0;
}

bool p256_valid_public(ByteView point) {
  if (point.size() != kP256PointSize || point[0] != 0x04) return false;
  Group g = curve();
  Point p(EC_POINT_new(g.get()));
  return EC_POINT_oct2point(g.get(), p.get(), point.data(), point.size(), nullptr) == 1 &&
         EC_POINT_is_at_infinity(g.get(), p.get()) == 0;
}

P256KeyPair P256KeyPair::generate() {
  for (;;) {
    Bytes scalar(kP256ScalarSize);
    EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", kGroupName);
    if (!raw) std::abort();
    Pkey key(raw);
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &bn) != 1) std::abort();
    Bignum owned(bn);
    BN_bn2binpad(bn, scalar.data(), static_cast<int>(scalar.size()));
    if (auto pair = from_private(scalar)) return *pair;
  }
}

std::optional<P256KeyPair> P256KeyPair::from_private(ByteView scalar) {
  if (!p256_valid_scalar(scalar)) return std::nullopt;
  auto pub = public_from_scalar(scalar);
  if (!pub) return std::nullopt;
  return P256KeyPair{Bytes(scalar.begin(), scalar.end()), std::move(*pub)};
}

Bytes p256_sign(const P256KeyPair& key, ByteView message) {
  Pkey pkey = make_pkey(key.private_key, key.public_key);
  MdCtx md(EVP_MD_CTX_new());
  if (!pkey || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1)
    std::abort();
  std::size_t len = 0;
  if (EVP_DigestSign(md.get(), nullptr, &len, message.data(), message.size()) != 1) std::abort();
  Bytes sig(len);
  if (EVP_DigestSign(md.get(), sig.data(), &len, message.data(), message.size()) != 1) std::abort();
  sig.resize(len);
  return sig;
}

bool p256_verify(ByteView public_key, ByteView message, ByteView der_signature) {
  if (!p256_valid_public(public_key)) return false;
  Pkey pkey = make_pkey({}, public_key);
  MdCtx md(EVP_MD_CTX_new());
  if (!pkey || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1)
    return false;
  return EVP_DigestVerify(md.get(), der_signature.data(), der_signature.size(), message.data(),
                          message.size()) == 1;
}

std::optional<Bytes> p256_dh(ByteView private_key, ByteView peer_public) {
  if (!p256_valid_public(peer_public) || !p256_valid_scalar(private_key)) return std::nullopt;
  auto own_public = public_from_scalar(private_key);
  if (!own_public) return std::nullopt;
  Pkey own = make_pkey(private_key, *own_public);
  Pkey peer = make_pkey({}, peer_public);
  if (!own || !peer) return std::nullopt;
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
  std::size_t len = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1)
    return std::nullopt;
  Bytes secret(len);
  if (EVP_PKEY_derive(ctx.get(), secret.data(), &len) != 1) return std::nullopt;
  secret.resize(len);
  return secret;
}

}  // namespace lava::dave
