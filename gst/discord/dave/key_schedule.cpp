#include "key_schedule.h"

#include "crypto.h"
#include "mls_crypto.h"
#include "tls_codec.h"

namespace lava::dave {
namespace {

ByteView psk_or_zero(ByteView psk, Bytes& zero) {
  if (!psk.empty()) return psk;
  zero.assign(kHashSize, 0);
  return zero;
}

Bytes member_secret(ByteView joiner_secret, ByteView psk_secret) {
  Bytes zero;
  return hkdf_extract(joiner_secret, psk_or_zero(psk_secret, zero));
}

}  // namespace

Bytes GroupContext::encode() const {
  TlsWriter w;
  w.u16(version);
  w.u16(cipher_suite);
  w.opaque(group_id);
  w.u64(epoch);
  w.opaque(tree_hash);
  w.opaque(confirmed_transcript_hash);
  w.opaque(extensions);
  return w.take();
}

GroupContext read_group_context(TlsReader& r) {
  GroupContext c;
  c.version = r.u16();
  c.cipher_suite = r.u16();
  const ByteView gid = r.opaque();
  c.group_id.assign(gid.begin(), gid.end());
  c.epoch = r.u64();
  const ByteView th = r.opaque();
  c.tree_hash.assign(th.begin(), th.end());
  const ByteView cth = r.opaque();
  c.confirmed_transcript_hash.assign(cth.begin(), cth.end());
  const ByteView ext = r.opaque();
  c.extensions.assign(ext.begin(), ext.end());
  return c;
}

EpochSecrets EpochSecrets::from_init(ByteView init_secret, ByteView commit_secret,
                                     const GroupContext& context, ByteView psk_secret) {
  const Bytes prk = hkdf_extract(init_secret, commit_secret);
  const Bytes joiner = expand_with_label(prk, "joiner", context.encode(), kHashSize);
  return from_joiner(joiner, context, psk_secret);
}

EpochSecrets EpochSecrets::from_joiner(ByteView joiner_secret, const GroupContext& context,
                                       ByteView psk_secret) {
  EpochSecrets s;
  s.joiner_secret.assign(joiner_secret.begin(), joiner_secret.end());
  const Bytes member = member_secret(joiner_secret, psk_secret);
  s.welcome_secret = derive_secret(member, "welcome");
  s.epoch_secret = expand_with_label(member, "epoch", context.encode(), kHashSize);
  s.sender_data_secret = derive_secret(s.epoch_secret, "sender data");
  s.encryption_secret = derive_secret(s.epoch_secret, "encryption");
  s.exporter_secret = derive_secret(s.epoch_secret, "exporter");
  s.epoch_authenticator = derive_secret(s.epoch_secret, "authentication");
  s.external_secret = derive_secret(s.epoch_secret, "external");
  s.confirmation_key = derive_secret(s.epoch_secret, "confirm");
  s.membership_key = derive_secret(s.epoch_secret, "membership");
  s.resumption_psk = derive_secret(s.epoch_secret, "resumption");
  s.init_secret = derive_secret(s.epoch_secret, "init");
  return s;
}

Bytes EpochSecrets::export_secret(std::string_view label, ByteView context,
                                  std::size_t length) const {
  return expand_with_label(derive_secret(exporter_secret, label), "exported", sha256(context),
                           length);
}

WelcomeKey welcome_key(ByteView welcome_secret) {
  return {expand_with_label(welcome_secret, "key", {}, kAeadKeySize),
          expand_with_label(welcome_secret, "nonce", {}, kAeadNonceSize)};
}

Bytes welcome_secret_from_joiner(ByteView joiner_secret, ByteView psk_secret) {
  return derive_secret(member_secret(joiner_secret, psk_secret), "welcome");
}

}  // namespace lava::dave
