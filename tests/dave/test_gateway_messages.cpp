#include <gtest/gtest.h>

#include <random>

#include "dave/gateway_messages.h"
#include "group_fixture.h"
#include "hex.h"

namespace lava::dave {
namespace {

using test::from_hex;

// Every prefix of a valid payload, and random bytes, must be refused without crashing.
// `complete_prefix` is a prefix length that is itself a valid message (a commit without Welcome).
template <class Parse>
void expect_total(const Bytes& valid, Parse parse, std::size_t complete_prefix = 0) {
  ASSERT_TRUE(parse(valid));
  for (std::size_t n = 0; n < valid.size(); ++n) {
    if (n != complete_prefix || n == 0) {
      EXPECT_FALSE(parse(ByteView(valid).first(n))) << n;
    }
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    Bytes b = valid;
    b[rng() % b.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    (void)parse(b);  // may parse (the change can be inside opaque bytes) but must not crash
  }
}

struct Material {
  test::Gateway gateway;
  MemberKeys alice = MemberKeys::create(1);
  MemberKeys bob = MemberKeys::create(2);
  Group group = Group::create(test::channel_group_id(), alice, gateway.sender);
};

TEST(GatewayMessages, ServerFrameHeader) {
  auto f =
      parse_server_binary_frame(from_hex("0102"
                                         "1b"
                                         "aabb"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->sequence, 0x0102);
  EXPECT_EQ(f->op, 27);
  EXPECT_EQ(f->payload.size(), 2u);
  EXPECT_FALSE(parse_server_binary_frame(from_hex("0102")));
}

TEST(GatewayMessages, ExternalSender) {
  Material m;
  TlsWriter w;
  m.gateway.sender.encode(w);
  auto parsed = parse_external_sender(w.bytes());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, m.gateway.sender);
  expect_total(w.bytes(), [](ByteView b) { return parse_external_sender(b).ok(); });
}

TEST(GatewayMessages, ProposalsAppendAndRevoke) {
  Material m;
  const Bytes add = m.gateway.add(m.group, m.bob.key_package);
  const Bytes rm = m.gateway.remove(m.group, 0);
  const Bytes append = make_proposals_payload(false, {add, rm});
  auto parsed = parse_proposals(append);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_FALSE(parsed->revoke);
  ASSERT_EQ(parsed->append.size(), 2u);
  EXPECT_TRUE(
      std::holds_alternative<AddProposal>(std::get<Proposal>(parsed->append[0].content.body)));
  expect_total(append, [](ByteView b) { return parse_proposals(b).ok(); });

  const Bytes revoke = make_proposals_payload(true, {Bytes(32, 1), Bytes(32, 2)});
  auto r = parse_proposals(revoke);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->revoke);
  EXPECT_EQ(r->revoked_refs.size(), 2u);
  EXPECT_FALSE(parse_proposals(from_hex("0200")));  // unknown operation
}

TEST(GatewayMessages, KeyPackageCommitWelcomeAndTransitions) {
  Material m;
  const Bytes kp_frame = make_key_package_frame(m.bob.key_package);
  EXPECT_EQ(kp_frame[0], 26);
  expect_total(kp_frame, [](ByteView b) { return parse_key_package_frame(b).ok(); });

  auto ref = m.group.add_external_proposal(
      *parse_public_message(m.gateway.add(m.group, m.bob.key_package)));
  ASSERT_TRUE(ref);
  auto committed = m.group.commit();
  ASSERT_TRUE(committed);
  const Bytes frame = make_commit_welcome_frame(committed->commit_message, committed->welcome);
  auto cw = parse_commit_welcome_frame(frame);
  ASSERT_TRUE(cw) << cw.error();
  EXPECT_EQ(cw->commit_bytes, committed->commit_message);
  ASSERT_TRUE(cw->welcome);
  expect_total(
      frame, [](ByteView b) { return parse_commit_welcome_frame(b).ok(); },
      1 + committed->commit_message.size());

  const Bytes announce = make_transition_payload(42, committed->commit_message);
  auto a = parse_announce_commit(announce);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->transition_id, 42);
  expect_total(announce, [](ByteView b) { return parse_announce_commit(b).ok(); });

  const Bytes welcome = make_transition_payload(43, committed->welcome->encode());
  auto w = parse_welcome(welcome);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->transition_id, 43);
  expect_total(welcome, [](ByteView b) { return parse_welcome(b).ok(); });
}

}  // namespace
}  // namespace lava::dave
