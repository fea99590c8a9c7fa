#include "welcome.h"

#include "crypto.h"
#include "mls_crypto.h"

namespace lava::dave {
namespace {

Bytes copy(ByteView v) {
  return Bytes(v.begin(), v.end());
}

void encode_group_info_tbs(TlsWriter& w, const GroupInfo& g) {
  w.raw(g.context.encode());
  encode_extensions(w, g.extensions);
  w.opaque(g.confirmation_tag);
  w.u32(g.signer);
}

}  // namespace

Bytes GroupInfo::to_be_signed() const {
  TlsWriter w;
  encode_group_info_tbs(w, *this);
  return w.take();
}

Bytes GroupInfo::encode() const {
  TlsWriter w;
  encode_group_info_tbs(w, *this);
  w.opaque(signature);
  return w.take();
}

Result<GroupInfo> GroupInfo::parse(ByteView data) {
  TlsReader r(data);
  GroupInfo g;
  g.context = read_group_context(r);
  g.extensions = read_extensions(r);
  g.confirmation_tag = copy(r.opaque());
  g.signer = r.u32();
  g.signature = copy(r.opaque());
  if (!r.done()) return Result<GroupInfo>::failure("malformed GroupInfo");
  return g;
}

void GroupInfo::sign(const P256KeyPair& key) {
  signature = sign_with_label(key, "GroupInfoTBS", to_be_signed());
}

bool GroupInfo::verify(ByteView signer_public_key) const {
  return verify_with_label(signer_public_key, "GroupInfoTBS", to_be_signed(), signature);
}

Bytes GroupSecrets::encode() const {
  TlsWriter w;
  w.opaque(joiner_secret);
  w.u8(path_secret ? 1 : 0);
  if (path_secret) w.opaque(*path_secret);
  w.varint(0);  // no PSKs
  return w.take();
}

Result<GroupSecrets> GroupSecrets::parse(ByteView data) {
  TlsReader r(data);
  GroupSecrets s;
  s.joiner_secret = copy(r.opaque());
  if (r.presence()) s.path_secret = copy(r.opaque());
  const bool has_psks = r.varint() != 0;
  if (!r.done() || has_psks) return Result<GroupSecrets>::failure("malformed GroupSecrets");
  return s;
}

void Welcome::encode(TlsWriter& w) const {
  w.u16(cipher_suite);
  w.vector([&](TlsWriter& v) {
    for (const auto& s : secrets) {
      v.opaque(s.new_member);
      v.opaque(s.kem_output);
      v.opaque(s.ciphertext);
    }
  });
  w.opaque(encrypted_group_info);
}

Bytes Welcome::encode() const {
  TlsWriter w;
  encode(w);
  return w.take();
}

Welcome Welcome::read(TlsReader& r) {
  Welcome wl;
  wl.cipher_suite = r.u16();
  wl.secrets = read_vector<EncryptedGroupSecrets>(r, [](TlsReader& item) {
    EncryptedGroupSecrets s;
    s.new_member = copy(item.opaque());
    s.kem_output = copy(item.opaque());
    s.ciphertext = copy(item.opaque());
    return s;
  });
  wl.encrypted_group_info = copy(r.opaque());
  return wl;
}

Result<Welcome> Welcome::parse(ByteView data) {
  TlsReader r(data);
  Welcome w = read(r);
  if (!r.done()) return Result<Welcome>::failure("malformed Welcome");
  if (w.cipher_suite != kCipherSuite)
    return Result<Welcome>::failure("Welcome cipher suite is not 2");
  return w;
}

Result<Welcome> Welcome::parse_message(ByteView data) {
  TlsReader r(data);
  const bool framed = r.u16() == kProtocolVersionMls10 && r.u16() == 3;  // mls_welcome
  if (!framed) return Result<Welcome>::failure("not an MLSMessage(Welcome)");
  return parse(r.rest());
}

Welcome seal_welcome(const GroupInfo& info, ByteView welcome_secret,
                     const std::vector<std::pair<const KeyPackage*, GroupSecrets>>& joiners) {
  Welcome w;
  const WelcomeKey k = welcome_key(welcome_secret);
  w.encrypted_group_info = aes128gcm_seal(k.key, k.nonce, {}, info.encode());
  for (const auto& [kp, secrets] : joiners) {
    const auto sealed =
        encrypt_with_label(kp->init_key, "Welcome", w.encrypted_group_info, secrets.encode());
    w.secrets.push_back({kp->ref(), sealed.kem_output, sealed.ciphertext});
  }
  return w;
}

Result<OpenedWelcome> open_welcome(const Welcome& welcome, const KeyPackage& key_package,
                                   ByteView init_private_key) {
  using R = Result<OpenedWelcome>;
  const Bytes ref = key_package.ref();
  const EncryptedGroupSecrets* mine = nullptr;
  for (const auto& s : welcome.secrets)
    if (s.new_member == ref) mine = &s;
  if (!mine) return R::failure("Welcome has no secrets for our key package");
  auto plain = decrypt_with_label(init_private_key, "Welcome", welcome.encrypted_group_info,
                                  mine->kem_output, mine->ciphertext);
  if (!plain) return R::failure("cannot decrypt GroupSecrets");
  auto secrets = GroupSecrets::parse(*plain);
  if (!secrets) return R::failure(secrets.error());
  const Bytes welcome_secret = welcome_secret_from_joiner(secrets->joiner_secret);
  const WelcomeKey k = welcome_key(welcome_secret);
  Bytes info_bytes;
  if (!aes128gcm_open(k.key, k.nonce, {}, welcome.encrypted_group_info, info_bytes))
    return R::failure("cannot decrypt GroupInfo");
  auto info = GroupInfo::parse(info_bytes);
  if (!info) return R::failure(info.error());
  return OpenedWelcome{std::move(*secrets), std::move(*info)};
}

}  // namespace lava::dave
