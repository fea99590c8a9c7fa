#include "framing.h"

namespace lava::dave {
namespace {

constexpr std::uint8_t kProposalOrRefProposal = 1;
constexpr std::uint8_t kProposalOrRefReference = 2;

Bytes copy(ByteView v) {
  return Bytes(v.begin(), v.end());
}

void encode_sender(TlsWriter& w, const Sender& s) {
  w.u8(static_cast<std::uint8_t>(s.type));
  w.u32(s.index);
}

Sender read_sender(TlsReader& r) {
  Sender s;
  const std::uint8_t type = r.u8();
  if (type != static_cast<std::uint8_t>(SenderType::member) &&
      type != static_cast<std::uint8_t>(SenderType::external))
    r.fail();
  s.type = static_cast<SenderType>(type);
  s.index = r.u32();
  return s;
}

void encode_update_path(TlsWriter& w, const UpdatePath& path) {
  path.leaf_node.encode(w);
  w.vector([&](TlsWriter& nodes) {
    for (const auto& n : path.nodes) {
      nodes.opaque(n.encryption_key);
      nodes.vector([&](TlsWriter& secrets) {
        for (const auto& s : n.encrypted_path_secret) {
          secrets.opaque(s.kem_output);
          secrets.opaque(s.ciphertext);
        }
      });
    }
  });
}

void encode_commit(TlsWriter& w, const Commit& c) {
  w.vector([&](TlsWriter& v) {
    for (const auto& ref : c.proposal_refs) {
      v.u8(kProposalOrRefReference);
      v.opaque(ref);
    }
  });
  w.u8(c.path ? 1 : 0);
  if (c.path) encode_update_path(w, *c.path);
}

Commit read_commit(TlsReader& r) {
  Commit c;
  c.proposal_refs = read_vector<Bytes>(r, [](TlsReader& item) {
    if (item.u8() != kProposalOrRefReference) item.fail();
    return copy(item.opaque());
  });
  if (r.presence()) c.path = read_update_path(r);
  return c;
}

}  // namespace

UpdatePath read_update_path(TlsReader& r) {
  UpdatePath path;
  path.leaf_node = LeafNode::read(r);
  path.nodes = read_vector<UpdatePathNode>(r, [](TlsReader& nr) {
    UpdatePathNode n;
    n.encryption_key = copy(nr.opaque());
    n.encrypted_path_secret = read_vector<UpdatePathNode::Secret>(nr, [](TlsReader& sr) {
      UpdatePathNode::Secret s;
      s.kem_output = copy(sr.opaque());
      s.ciphertext = copy(sr.opaque());
      return s;
    });
    return n;
  });
  return path;
}

void encode_proposal(TlsWriter& w, const Proposal& p) {
  if (const auto* add = std::get_if<AddProposal>(&p)) {
    w.u16(kProposalAdd);
    add->key_package.encode(w);
  } else {
    w.u16(kProposalRemove);
    w.u32(std::get<RemoveProposal>(p).removed);
  }
}

Proposal read_proposal(TlsReader& r) {
  const std::uint16_t type = r.u16();
  if (type == kProposalAdd) return AddProposal{KeyPackage::read(r)};
  if (type == kProposalRemove) return RemoveProposal{r.u32()};
  r.fail();
  return RemoveProposal{};
}

void FramedContent::encode(TlsWriter& w) const {
  w.opaque(group_id);
  w.u64(epoch);
  encode_sender(w, sender);
  w.opaque(authenticated_data);
  w.u8(static_cast<std::uint8_t>(type));
  if (type == ContentType::proposal)
    encode_proposal(w, std::get<Proposal>(body));
  else
    encode_commit(w, std::get<Commit>(body));
}

FramedContent FramedContent::read(TlsReader& r) {
  FramedContent c;
  c.group_id = copy(r.opaque());
  c.epoch = r.u64();
  c.sender = read_sender(r);
  c.authenticated_data = copy(r.opaque());
  const std::uint8_t type = r.u8();
  if (type == static_cast<std::uint8_t>(ContentType::proposal)) {
    c.type = ContentType::proposal;
    c.body = read_proposal(r);
  } else if (type == static_cast<std::uint8_t>(ContentType::commit)) {
    c.type = ContentType::commit;
    c.body = read_commit(r);
  } else {
    r.fail();  // application data never travels as a PublicMessage in DAVE
  }
  return c;
}

Bytes FramedContent::to_be_signed(const GroupContext* context) const {
  TlsWriter w;
  w.u16(kProtocolVersionMls10);
  w.u16(static_cast<std::uint16_t>(WireFormat::public_message));
  encode(w);
  if (sender.type == SenderType::member && context) w.raw(context->encode());
  return w.take();
}

namespace {

void encode_auth(TlsWriter& w, const PublicMessage& m) {
  w.opaque(m.signature);
  if (m.content.type == ContentType::commit) w.opaque(m.confirmation_tag);
}

}  // namespace

Bytes PublicMessage::authenticated_content() const {
  TlsWriter w;
  w.u16(static_cast<std::uint16_t>(WireFormat::public_message));
  content.encode(w);
  encode_auth(w, *this);
  return w.take();
}

Bytes PublicMessage::confirmed_transcript_input() const {
  TlsWriter w;
  w.u16(static_cast<std::uint16_t>(WireFormat::public_message));
  content.encode(w);
  w.opaque(signature);
  return w.take();
}

Bytes PublicMessage::membership_tag_input(const GroupContext& context) const {
  TlsWriter w;
  w.raw(content.to_be_signed(&context));
  encode_auth(w, *this);
  return w.take();
}

Bytes PublicMessage::encode_message() const {
  TlsWriter w;
  w.u16(kProtocolVersionMls10);
  w.u16(static_cast<std::uint16_t>(WireFormat::public_message));
  content.encode(w);
  encode_auth(w, *this);
  if (content.sender.type == SenderType::member) w.opaque(membership_tag);
  return w.take();
}

PublicMessage read_public_message(TlsReader& r) {
  PublicMessage m;
  if (r.u16() != kProtocolVersionMls10 ||
      r.u16() != static_cast<std::uint16_t>(WireFormat::public_message)) {
    r.fail();
    return m;
  }
  m.content = FramedContent::read(r);
  m.signature = copy(r.opaque());
  if (m.content.type == ContentType::commit) m.confirmation_tag = copy(r.opaque());
  if (m.content.sender.type == SenderType::member) m.membership_tag = copy(r.opaque());
  return m;
}

Result<PublicMessage> parse_public_message(ByteView mls_message) {
  TlsReader r(mls_message);
  PublicMessage m = read_public_message(r);
  if (!r.done()) return Result<PublicMessage>::failure("malformed MLS PublicMessage");
  return m;
}

}  // namespace lava::dave
