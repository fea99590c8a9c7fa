// A DAVE member and gateway built on our library, driven line by line over stdin/stdout so a
// Node script can exchange real payloads with @snazzah/davey. Commands and replies are
// space-separated words with byte strings in hex; every reply is "ok ..." or "err <reason>".
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "dave/external_proposals.h"
#include "dave/frame_cryptor.h"
#include "dave/session.h"
#include "hex.h"

namespace lava::dave {
namespace {

using test::from_hex;
using test::to_hex;

struct Peer {
  P256KeyPair gateway_key = P256KeyPair::generate();
  std::uint64_t user = 0;
  std::uint64_t channel = 0;
  std::unique_ptr<Session> session;
  FrameEncryptor encryptor;

  std::string run(const std::string& command, std::istringstream& args);
};

std::string Peer::run(const std::string& command, std::istringstream& args) {
  std::string a, b;
  if (command == "gateway") {
    TlsWriter w;
    ExternalSender{gateway_key.public_key, {user_id_identity(0)}}.encode(w);
    return "ok " + to_hex(w.bytes());
  }
  if (command == "session") {
    args >> user >> channel;
    session = std::make_unique<Session>(user, channel);
    return "ok " + to_hex(session->reset());
  }
  if (command == "external") {
    args >> a;
    const Status s = session->set_external_sender(from_hex(a));
    return s ? "ok" : "err " + s.error();
  }
  if (command == "propose-add" || command == "propose-remove") {
    std::uint64_t epoch = 0;
    args >> epoch >> a;
    Proposal p = RemoveProposal{0};
    if (command == "propose-add") {
      const Bytes raw = from_hex(a);  // a bare KeyPackage, as davey serialises it
      TlsReader kr(raw);
      KeyPackage kp = KeyPackage::read(kr);
      if (!kr.done()) return "err bad key package";
      p = AddProposal{kp};
    } else {
      p = RemoveProposal{static_cast<std::uint32_t>(std::stoul(a))};
    }
    const Bytes m = make_external_proposal(user_id_identity(channel), epoch, p, gateway_key);
    return "ok " + to_hex(make_proposals_payload(false, {m}));
  }
  if (command == "proposals") {
    args >> a;
    std::set<std::uint64_t> everyone;
    for (std::uint64_t u; args >> u;) everyone.insert(u);
    auto out = session->process_proposals(from_hex(a), everyone);
    if (!out) return "err " + out.error();
    if (!*out) return "ok none";
    auto cw = parse_commit_welcome_frame(**out);
    if (!cw) return "err " + cw.error();
    return "ok " + to_hex(cw->commit_bytes) + " " +
           (cw->welcome ? to_hex(cw->welcome->encode()) : "-");
  }
  if (command == "commit" || command == "welcome") {
    args >> a;
    const Bytes payload = make_transition_payload(1, from_hex(a));
    auto out =
        command == "commit" ? session->process_commit(payload) : session->process_welcome(payload);
    if (!out) return "err " + out.error();
    return *out == Session::Outcome::applied ? "ok applied" : "ok ignored";
  }
  if (command == "state") {
    if (!session->group()) return "err no group";
    return "ok " + std::to_string(*session->epoch()) + " " +
           to_hex(session->group()->epoch_authenticator());
  }
  if (command == "encrypt") {
    args >> a;
    encryptor.set_ratchet(*session->ratchet_for(user));
    return "ok " + to_hex(*encryptor.encrypt_opus(from_hex(a)));
  }
  if (command == "decrypt") {
    std::uint64_t from = 0;
    args >> from >> a;
    auto ratchet = session->ratchet_for(from);
    if (!ratchet) return "err no group";
    FrameDecryptor dec;
    dec.add_ratchet(std::move(*ratchet), FrameDecryptor::Clock::now());
    auto out = dec.decrypt(from_hex(a), FrameDecryptor::Clock::now());
    return out ? "ok " + to_hex(*out) : "err " + out.error();
  }
  return "err unknown command " + command;
}

}  // namespace
}  // namespace lava::dave

int main() {
  lava::dave::Peer peer;
  for (std::string line; std::getline(std::cin, line);) {
    std::istringstream args(line);
    std::string command;
    args >> command;
    std::cout << peer.run(command, args) << std::endl;
  }
  return 0;
}
