#include <gtest/gtest.h>

#include "dave/crypto.h"
#include "group_fixture.h"

namespace lava::dave {
namespace {

using test::channel_group_id;
using test::Gateway;
using test::media_base;
using test::propose;

constexpr std::uint64_t kAlice = 1001, kBob = 1002, kCarol = 1003, kDan = 1004;

struct Members {
  Gateway gateway;
  MemberKeys alice = MemberKeys::create(kAlice);
  MemberKeys bob = MemberKeys::create(kBob);
  MemberKeys carol = MemberKeys::create(kCarol);
  MemberKeys dan = MemberKeys::create(kDan);
};

// Alice creates the group, commits Bob's Add, Bob joins from the Welcome.
std::pair<Group, Group> two_member_group(const Members& m) {
  Group alice = Group::create(channel_group_id(), m.alice, m.gateway.sender);
  propose(alice, m.gateway.add(alice, m.bob.key_package));
  auto committed = alice.commit();
  EXPECT_TRUE(committed) << committed.error();
  EXPECT_TRUE(committed->welcome);
  auto bob = Group::join(*committed->welcome, m.bob);
  EXPECT_TRUE(bob) << bob.error();
  return {std::move(committed->next), std::move(*bob)};
}

TEST(Group, KeyPackageIsSignedWithBigEndianIdentity) {
  const MemberKeys k = MemberKeys::create(0x0102030405060708ull);
  EXPECT_TRUE(k.key_package.verify());
  EXPECT_EQ(k.key_package.leaf_node.credential.identity, (Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(k.key_package.leaf_node.not_before, 0u);
  EXPECT_EQ(k.key_package.leaf_node.not_after, ~0ull);
  KeyPackage tampered = k.key_package;
  tampered.leaf_node.credential.identity[7] ^= 1;
  EXPECT_FALSE(tampered.verify());
}

TEST(Group, TwoMembersAgreeOnEpochOneSecrets) {
  Members m;
  auto [alice, bob] = two_member_group(m);
  EXPECT_EQ(alice.epoch(), 1u);
  EXPECT_EQ(bob.epoch(), 1u);
  EXPECT_EQ(bob.own_leaf(), 1u);
  EXPECT_EQ(media_base(alice, kAlice), media_base(bob, kAlice));
  EXPECT_EQ(media_base(alice, kBob), media_base(bob, kBob));
  EXPECT_NE(media_base(alice, kAlice), media_base(alice, kBob));
  EXPECT_EQ(alice.epoch_authenticator(), bob.epoch_authenticator());
  EXPECT_EQ(bob.roster(), (std::vector<std::optional<std::uint64_t>>{kAlice, kBob}));
  EXPECT_EQ(bob.external_senders().size(), 1u);
}

TEST(Group, ThirdMemberJoinsAndOthersFollowTheCommit) {
  Members m;
  auto [alice, bob] = two_member_group(m);
  const Bytes add_carol = m.gateway.add(alice, m.carol.key_package);
  propose(alice, add_carol);
  propose(bob, add_carol);
  auto committed = bob.commit();  // Bob wins this epoch
  ASSERT_TRUE(committed) << committed.error();
  auto msg = parse_public_message(committed->commit_message);
  ASSERT_TRUE(msg);
  auto alice2 = alice.handle_commit(*msg);
  ASSERT_TRUE(alice2) << alice2.error();
  auto carol = Group::join(*committed->welcome, m.carol);
  ASSERT_TRUE(carol) << carol.error();
  const Group& bob2 = committed->next;
  EXPECT_EQ(alice2->epoch(), 2u);
  EXPECT_EQ(media_base(*alice2, kCarol), media_base(bob2, kCarol));
  EXPECT_EQ(media_base(*carol, kCarol), media_base(bob2, kCarol));
  EXPECT_EQ(carol->epoch_authenticator(), alice2->epoch_authenticator());
}

TEST(Group, RemoveCommitsCarryAPathThatEveryoneDecrypts) {
  Members m;
  auto [alice, bob] = two_member_group(m);
  const Bytes add_carol = m.gateway.add(alice, m.carol.key_package);
  propose(alice, add_carol);
  propose(bob, add_carol);
  auto c1 = alice.commit();
  ASSERT_TRUE(c1);
  auto carol = Group::join(*c1->welcome, m.carol);
  ASSERT_TRUE(carol) << carol.error();
  auto bob2 = bob.handle_commit(*parse_public_message(c1->commit_message));
  ASSERT_TRUE(bob2) << bob2.error();
  Group alice2 = std::move(c1->next);

  // Bob leaves and Dan arrives in one commit by Carol: a path (for the Remove) and a joiner who
  // gets a path secret.
  const Bytes remove_bob = m.gateway.remove(alice2, 1);
  const Bytes add_dan = m.gateway.add(alice2, m.dan.key_package);
  for (Group* g : {&alice2, &*carol}) {
    propose(*g, remove_bob);
    propose(*g, add_dan);
  }
  auto c2 = carol->commit();
  ASSERT_TRUE(c2) << c2.error();
  auto msg = parse_public_message(c2->commit_message);
  ASSERT_TRUE(msg);
  ASSERT_TRUE(std::get<Commit>(msg->content.body).path);
  auto alice3 = alice2.handle_commit(*msg);
  ASSERT_TRUE(alice3) << alice3.error();
  auto dan = Group::join(*c2->welcome, m.dan);
  ASSERT_TRUE(dan) << dan.error();
  EXPECT_EQ(media_base(*alice3, kDan), media_base(c2->next, kDan));
  EXPECT_EQ(media_base(*dan, kAlice), media_base(c2->next, kAlice));
  EXPECT_EQ(dan->own_leaf(), 1u);  // Bob's freed leaf is reused

  // Bob cannot follow: the commit removes him.
  propose(*bob2, remove_bob);
  propose(*bob2, add_dan);
  EXPECT_FALSE(bob2->handle_commit(*msg));

  // Dan, who joined with a path secret, can follow the next path commit by Alice.
  const Bytes remove_carol = m.gateway.remove(*alice3, 2);
  propose(*alice3, remove_carol);
  propose(*dan, remove_carol);
  auto c3 = alice3->commit();
  ASSERT_TRUE(c3) << c3.error();
  auto dan2 = dan->handle_commit(*parse_public_message(c3->commit_message));
  ASSERT_TRUE(dan2) << dan2.error();
  EXPECT_EQ(media_base(*dan2, kDan), media_base(c3->next, kDan));
  EXPECT_FALSE(c3->welcome);
}

TEST(Group, RejectsProposalsNotFromTheGateway) {
  Members m;
  Group alice = Group::create(channel_group_id(), m.alice, m.gateway.sender);
  Gateway impostor;
  auto forged = parse_public_message(impostor.add(alice, m.bob.key_package));
  ASSERT_TRUE(forged);
  EXPECT_FALSE(alice.add_external_proposal(*forged));
  auto wrong_epoch = parse_public_message(
      make_external_proposal(alice.group_id(), 5, AddProposal{m.bob.key_package}, m.gateway.key));
  EXPECT_FALSE(alice.add_external_proposal(*wrong_epoch));
  auto blank_remove = parse_public_message(m.gateway.remove(alice, 3));
  EXPECT_FALSE(alice.add_external_proposal(*blank_remove));
  EXPECT_TRUE(alice.proposals().empty());
  EXPECT_FALSE(alice.commit());
}

TEST(Group, RevokedProposalsAreNotCommitted) {
  Members m;
  Group alice = Group::create(channel_group_id(), m.alice, m.gateway.sender);
  auto msg = parse_public_message(m.gateway.add(alice, m.bob.key_package));
  auto ref = alice.add_external_proposal(*msg);
  ASSERT_TRUE(ref);
  EXPECT_TRUE(alice.revoke_proposal(*ref));
  EXPECT_FALSE(alice.revoke_proposal(*ref));
  EXPECT_FALSE(alice.commit());
}

TEST(Group, CommitWithUnknownProposalOrBadTagIsRefused) {
  Members m;
  auto [alice, bob] = two_member_group(m);
  propose(alice, m.gateway.add(alice, m.carol.key_package));
  auto committed = alice.commit();
  ASSERT_TRUE(committed);
  auto msg = parse_public_message(committed->commit_message);
  EXPECT_FALSE(bob.handle_commit(*msg));  // Bob never saw the proposal
  propose(bob, m.gateway.add(alice, m.carol.key_package));
  PublicMessage bad = *msg;
  bad.membership_tag[0] ^= 1;
  EXPECT_FALSE(bob.handle_commit(bad));
  bad = *msg;
  bad.confirmation_tag[0] ^= 1;
  EXPECT_FALSE(bob.handle_commit(bad));
}

TEST(Group, DuplicateUserIsRefused) {
  Members m;
  Group alice = Group::create(channel_group_id(), m.alice, m.gateway.sender);
  const MemberKeys alice_again = MemberKeys::create(kAlice);
  propose(alice, m.gateway.add(alice, alice_again.key_package));
  EXPECT_FALSE(alice.commit());
}

}  // namespace
}  // namespace lava::dave
