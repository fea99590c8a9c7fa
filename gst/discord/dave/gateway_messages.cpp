#include "gateway_messages.h"

#include "tls_codec.h"

namespace lava::dave {
namespace {

template <class T>
Result<T> fail(const char* what) {
  return Result<T>::failure(what);
}

}  // namespace

Result<ServerBinaryFrame> parse_server_binary_frame(ByteView frame) {
  TlsReader r(frame);
  ServerBinaryFrame f;
  f.sequence = r.u16();
  f.op = r.u8();
  if (!r.ok()) return fail<ServerBinaryFrame>("binary gateway frame shorter than its header");
  f.payload = r.rest();
  return f;
}

Result<ExternalSender> parse_external_sender(ByteView payload) {
  TlsReader r(payload);
  ExternalSender s = ExternalSender::read(r);
  if (!r.done()) return fail<ExternalSender>("malformed external sender package (op 25)");
  if (!p256_valid_public(s.signature_key))
    return fail<ExternalSender>("external sender key is not a P-256 point");
  return s;
}

Result<ProposalsMessage> parse_proposals(ByteView payload) {
  TlsReader r(payload);
  ProposalsMessage m;
  const std::uint8_t type = r.u8();
  if (r.ok() && type > 1) return fail<ProposalsMessage>("unknown proposals operation (op 27)");
  m.revoke = type == 1;
  TlsReader body = r.vector();
  while (body.ok() && body.remaining() > 0) {
    if (m.revoke) {
      const ByteView ref = body.opaque();
      m.revoked_refs.emplace_back(ref.begin(), ref.end());
    } else {
      m.append.push_back(read_public_message(body));
    }
  }
  if (!body.ok() || !r.done()) return fail<ProposalsMessage>("malformed proposals (op 27)");
  return m;
}

Result<AnnouncedCommit> parse_announce_commit(ByteView payload) {
  TlsReader r(payload);
  AnnouncedCommit a;
  a.transition_id = r.u16();
  const ByteView rest = r.rest();
  a.commit_bytes.assign(rest.begin(), rest.end());
  TlsReader body(rest);
  a.commit = read_public_message(body);
  if (!r.ok() || !body.done() || a.commit.content.type != ContentType::commit)
    return fail<AnnouncedCommit>("malformed announce commit (op 29)");
  return a;
}

Result<WelcomeMessage> parse_welcome(ByteView payload) {
  TlsReader r(payload);
  WelcomeMessage w;
  w.transition_id = r.u16();
  if (!r.ok()) return fail<WelcomeMessage>("welcome (op 30) shorter than its transition id");
  auto welcome = Welcome::parse(r.rest());
  if (!welcome) return fail<WelcomeMessage>("malformed welcome (op 30)");
  w.welcome = std::move(*welcome);
  return w;
}

Bytes make_key_package_frame(const KeyPackage& key_package) {
  TlsWriter w;
  w.u8(static_cast<std::uint8_t>(DaveOp::key_package));
  key_package.encode(w);
  return w.take();
}

Bytes make_commit_welcome_frame(ByteView commit_message, const std::optional<Welcome>& welcome) {
  TlsWriter w;
  w.u8(static_cast<std::uint8_t>(DaveOp::commit_welcome));
  w.raw(commit_message);
  if (welcome) welcome->encode(w);
  return w.take();
}

Result<KeyPackage> parse_key_package_frame(ByteView frame) {
  TlsReader r(frame);
  if (r.u8() != static_cast<std::uint8_t>(DaveOp::key_package))
    return fail<KeyPackage>("not a key package frame (op 26)");
  KeyPackage kp = KeyPackage::read(r);
  if (!r.done()) return fail<KeyPackage>("malformed key package (op 26)");
  return kp;
}

Result<CommitWelcome> parse_commit_welcome_frame(ByteView frame) {
  TlsReader r(frame);
  if (r.u8() != static_cast<std::uint8_t>(DaveOp::commit_welcome))
    return fail<CommitWelcome>("not a commit/welcome frame (op 28)");
  CommitWelcome c;
  const std::size_t start = r.position();
  c.commit = read_public_message(r);
  if (!r.ok() || c.commit.content.type != ContentType::commit)
    return fail<CommitWelcome>("malformed commit (op 28)");
  c.commit_bytes.assign(frame.begin() + static_cast<std::ptrdiff_t>(start),
                        frame.begin() + static_cast<std::ptrdiff_t>(r.position()));
  if (r.remaining() > 0) {
    Welcome w = Welcome::read(r);
    if (!r.done()) return fail<CommitWelcome>("malformed welcome (op 28)");
    c.welcome = std::move(w);
  }
  return c;
}

Bytes make_proposals_payload(bool revoke, const std::vector<Bytes>& items) {
  TlsWriter w;
  w.u8(revoke ? 1 : 0);
  w.vector([&](TlsWriter& v) {
    for (const Bytes& item : items) {
      if (revoke)
        v.opaque(item);
      else
        v.raw(item);
    }
  });
  return w.take();
}

Bytes make_transition_payload(std::uint16_t transition_id, ByteView body) {
  TlsWriter w;
  w.u16(transition_id);
  w.raw(body);
  return w.take();
}

}  // namespace lava::dave
