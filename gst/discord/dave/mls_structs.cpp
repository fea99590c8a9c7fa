#include "mls_structs.h"

#include "mls_crypto.h"

namespace lava::dave {
namespace {

Bytes copy(ByteView v) {
  return Bytes(v.begin(), v.end());
}

void encode_u16_list(TlsWriter& w, const std::vector<std::uint16_t>& list) {
  w.vector([&](TlsWriter& v) {
    for (std::uint16_t x : list) v.u16(x);
  });
}

std::vector<std::uint16_t> read_u16_list(TlsReader& r) {
  return read_vector<std::uint16_t>(r, [](TlsReader& item) { return item.u16(); });
}

}  // namespace

void Credential::encode(TlsWriter& w) const {
  w.u16(kCredentialBasic);
  w.opaque(identity);
}

Credential Credential::read(TlsReader& r) {
  Credential c;
  if (r.u16() != kCredentialBasic) r.fail();
  c.identity = copy(r.opaque());
  return c;
}

Bytes user_id_identity(std::uint64_t user_id) {
  TlsWriter w;
  w.u64(user_id);
  return w.take();
}

std::optional<std::uint64_t> identity_user_id(ByteView identity) {
  if (identity.size() != 8) return std::nullopt;
  TlsReader r(identity);
  return r.u64();
}

void encode_extensions(TlsWriter& w, const std::vector<Extension>& list) {
  w.vector([&](TlsWriter& v) {
    for (const auto& e : list) {
      v.u16(e.type);
      v.opaque(e.data);
    }
  });
}

std::vector<Extension> read_extensions(TlsReader& r) {
  return read_vector<Extension>(r, [](TlsReader& item) {
    Extension e;
    e.type = item.u16();
    e.data = copy(item.opaque());
    return e;
  });
}

const Extension* find_extension(const std::vector<Extension>& list, std::uint16_t type) {
  for (const auto& e : list)
    if (e.type == type) return &e;
  return nullptr;
}

void Capabilities::encode(TlsWriter& w) const {
  encode_u16_list(w, versions);
  encode_u16_list(w, cipher_suites);
  encode_u16_list(w, extensions);
  encode_u16_list(w, proposals);
  encode_u16_list(w, credentials);
}

Capabilities Capabilities::read(TlsReader& r) {
  Capabilities c;
  c.versions = read_u16_list(r);
  c.cipher_suites = read_u16_list(r);
  c.extensions = read_u16_list(r);
  c.proposals = read_u16_list(r);
  c.credentials = read_u16_list(r);
  return c;
}

namespace {

void encode_leaf_body(TlsWriter& w, const LeafNode& n) {
  w.opaque(n.encryption_key);
  w.opaque(n.signature_key);
  n.credential.encode(w);
  n.capabilities.encode(w);
  w.u8(static_cast<std::uint8_t>(n.source));
  if (n.source == LeafNodeSource::key_package) {
    w.u64(n.not_before);
    w.u64(n.not_after);
  } else if (n.source == LeafNodeSource::commit) {
    w.opaque(n.parent_hash);
  }
  encode_extensions(w, n.extensions);
}

}  // namespace

void LeafNode::encode(TlsWriter& w) const {
  encode_leaf_body(w, *this);
  w.opaque(signature);
}

LeafNode LeafNode::read(TlsReader& r) {
  LeafNode n;
  n.encryption_key = copy(r.opaque());
  n.signature_key = copy(r.opaque());
  n.credential = Credential::read(r);
  n.capabilities = Capabilities::read(r);
  const std::uint8_t source = r.u8();
  if (source == static_cast<std::uint8_t>(LeafNodeSource::key_package)) {
    n.not_before = r.u64();
    n.not_after = r.u64();
  } else if (source == static_cast<std::uint8_t>(LeafNodeSource::commit)) {
    n.parent_hash = copy(r.opaque());
  } else if (source != static_cast<std::uint8_t>(LeafNodeSource::update)) {
    r.fail();
  }
  n.source = static_cast<LeafNodeSource>(source);
  n.extensions = read_extensions(r);
  n.signature = copy(r.opaque());
  return n;
}

Bytes LeafNode::to_be_signed(ByteView group_id, std::uint32_t leaf_index) const {
  TlsWriter w;
  encode_leaf_body(w, *this);
  if (source != LeafNodeSource::key_package) {
    w.opaque(group_id);
    w.u32(leaf_index);
  }
  return w.take();
}

void LeafNode::sign(const P256KeyPair& key, ByteView group_id, std::uint32_t leaf_index) {
  signature = sign_with_label(key, "LeafNodeTBS", to_be_signed(group_id, leaf_index));
}

bool LeafNode::verify(ByteView group_id, std::uint32_t leaf_index) const {
  return verify_with_label(signature_key, "LeafNodeTBS", to_be_signed(group_id, leaf_index),
                           signature);
}

namespace {

void encode_key_package_body(TlsWriter& w, const KeyPackage& kp) {
  w.u16(kp.version);
  w.u16(kp.cipher_suite);
  w.opaque(kp.init_key);
  kp.leaf_node.encode(w);
  encode_extensions(w, kp.extensions);
}

}  // namespace

void KeyPackage::encode(TlsWriter& w) const {
  encode_key_package_body(w, *this);
  w.opaque(signature);
}

Bytes KeyPackage::encode() const {
  TlsWriter w;
  encode(w);
  return w.take();
}

KeyPackage KeyPackage::read(TlsReader& r) {
  KeyPackage kp;
  kp.version = r.u16();
  kp.cipher_suite = r.u16();
  kp.init_key = copy(r.opaque());
  kp.leaf_node = LeafNode::read(r);
  kp.extensions = read_extensions(r);
  kp.signature = copy(r.opaque());
  return kp;
}

Bytes KeyPackage::to_be_signed() const {
  TlsWriter w;
  encode_key_package_body(w, *this);
  return w.take();
}

void KeyPackage::sign(const P256KeyPair& key) {
  signature = sign_with_label(key, "KeyPackageTBS", to_be_signed());
}

bool KeyPackage::verify() const {
  return version == kProtocolVersionMls10 && cipher_suite == kCipherSuite &&
         leaf_node.source == LeafNodeSource::key_package && p256_valid_public(init_key) &&
         p256_valid_public(leaf_node.encryption_key) && init_key != leaf_node.encryption_key &&
         leaf_node.verify({}, 0) &&
         verify_with_label(leaf_node.signature_key, "KeyPackageTBS", to_be_signed(), signature);
}

Bytes KeyPackage::ref() const {
  return make_key_package_ref(encode());
}

void ExternalSender::encode(TlsWriter& w) const {
  w.opaque(signature_key);
  credential.encode(w);
}

ExternalSender ExternalSender::read(TlsReader& r) {
  ExternalSender s;
  s.signature_key = copy(r.opaque());
  s.credential = Credential::read(r);
  return s;
}

Extension external_senders_extension(const std::vector<ExternalSender>& senders) {
  TlsWriter w;
  w.vector([&](TlsWriter& v) {
    for (const auto& s : senders) s.encode(v);
  });
  return {kExtensionExternalSenders, w.take()};
}

std::vector<ExternalSender> read_external_senders(ByteView extension_data, bool& ok) {
  TlsReader r(extension_data);
  auto senders = read_vector<ExternalSender>(r, ExternalSender::read);
  ok = r.done();
  return senders;
}

}  // namespace lava::dave
