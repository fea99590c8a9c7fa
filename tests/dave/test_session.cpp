// Three DAVE sessions and a gateway exchanging real op 25–30 payloads through a call's life:
// initial group creation, a join, a leave, media across each epoch.
#include <gtest/gtest.h>

#include "dave/frame_cryptor.h"
#include "dave/session.h"
#include "group_fixture.h"

namespace lava::dave {
namespace {

constexpr std::uint64_t kChannel = 1234567890123456789ull;
constexpr std::uint64_t kAlice = 1001, kBob = 1002, kCarol = 1003;
const std::set<std::uint64_t> kInCall{kAlice, kBob, kCarol};

struct Call {
  test::Gateway gateway;
  Bytes external_sender_payload() const {
    TlsWriter w;
    gateway.sender.encode(w);
    return w.take();
  }
  Bytes add(std::uint64_t epoch, const Bytes& key_package_frame) const {
    auto kp = parse_key_package_frame(key_package_frame);
    EXPECT_TRUE(kp) << kp.error();
    return make_proposals_payload(false, {make_external_proposal(user_id_identity(kChannel), epoch,
                                                                 AddProposal{*kp}, gateway.key)});
  }
  Bytes remove(std::uint64_t epoch, std::uint32_t leaf) const {
    return make_proposals_payload(
        false, {make_external_proposal(user_id_identity(kChannel), epoch, RemoveProposal{leaf},
                                       gateway.key)});
  }
};

Bytes announce(const CommitWelcome& cw) {
  return make_transition_payload(7, cw.commit_bytes);
}
Bytes welcome_for(const CommitWelcome& cw) {
  return make_transition_payload(7, cw.welcome->encode());
}

CommitWelcome committed(Result<std::optional<Bytes>> frame) {
  EXPECT_TRUE(frame) << frame.error();
  EXPECT_TRUE(*frame);
  auto cw = parse_commit_welcome_frame(**frame);
  EXPECT_TRUE(cw) << cw.error();
  return *cw;
}

void expect_media_flows(const Session& from, std::uint64_t from_user, const Session& to) {
  FrameEncryptor enc;
  enc.set_ratchet(*from.ratchet_for(from_user));
  FrameDecryptor dec;
  dec.add_ratchet(*to.ratchet_for(from_user), FrameDecryptor::Clock::now());
  const Bytes opus{0xfc, 1, 2, 3, 4, 5};
  auto out = dec.decrypt(*enc.encrypt_opus(opus), FrameDecryptor::Clock::now());
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, opus);
}

TEST(Session, CallLifecycle) {
  Call call;
  Session alice(kAlice, kChannel), bob(kBob, kChannel), carol(kCarol, kChannel);
  const Bytes kp_alice = alice.reset();
  const Bytes kp_bob = bob.reset();
  ASSERT_TRUE(alice.set_external_sender(call.external_sender_payload()));
  ASSERT_TRUE(bob.set_external_sender(call.external_sender_payload()));

  // Both pending members commit each other's Add; the gateway picks Alice's.
  auto from_alice = committed(alice.process_proposals(call.add(0, kp_bob), kInCall));
  auto from_bob = committed(bob.process_proposals(call.add(0, kp_alice), kInCall));
  ASSERT_TRUE(from_alice.welcome);
  EXPECT_EQ(*alice.process_commit(announce(from_alice)), Session::Outcome::applied);
  EXPECT_EQ(*bob.process_commit(announce(from_alice)), Session::Outcome::ignored);
  EXPECT_EQ(*bob.process_welcome(welcome_for(from_alice)), Session::Outcome::applied);
  EXPECT_EQ(alice.epoch(), 1u);
  EXPECT_EQ(bob.epoch(), 1u);
  expect_media_flows(alice, kAlice, bob);
  expect_media_flows(bob, kBob, alice);

  // Carol joins; Bob's commit wins this time.
  const Bytes kp_carol = carol.reset();
  ASSERT_TRUE(carol.set_external_sender(call.external_sender_payload()));
  const Bytes add_carol = call.add(1, kp_carol);
  committed(alice.process_proposals(add_carol, kInCall));
  auto bob_commit = committed(bob.process_proposals(add_carol, kInCall));
  EXPECT_EQ(*alice.process_commit(announce(bob_commit)), Session::Outcome::applied);
  EXPECT_EQ(*bob.process_commit(announce(bob_commit)), Session::Outcome::applied);
  EXPECT_EQ(*carol.process_welcome(welcome_for(bob_commit)), Session::Outcome::applied);
  expect_media_flows(alice, kAlice, carol);
  expect_media_flows(carol, kCarol, bob);

  // Alice leaves: a Remove needs a path; Carol commits.
  const Bytes remove_alice = call.remove(2, 0);
  committed(bob.process_proposals(remove_alice, kInCall));
  auto carol_commit = committed(carol.process_proposals(remove_alice, kInCall));
  EXPECT_FALSE(carol_commit.welcome);
  EXPECT_EQ(*bob.process_commit(announce(carol_commit)), Session::Outcome::applied);
  EXPECT_EQ(*carol.process_commit(announce(carol_commit)), Session::Outcome::applied);
  EXPECT_FALSE(alice.process_commit(announce(carol_commit)));  // removed: report op 31
  EXPECT_EQ(bob.epoch(), 3u);
  expect_media_flows(bob, kBob, carol);
  EXPECT_EQ(bob.group()->epoch_authenticator(), carol.group()->epoch_authenticator());
}

TEST(Session, RefusesAddsForUsersNotInTheCall) {
  Call call;
  Session alice(kAlice, kChannel), bob(kBob, kChannel);
  alice.reset();
  const Bytes kp_bob = bob.reset();
  ASSERT_TRUE(alice.set_external_sender(call.external_sender_payload()));
  EXPECT_FALSE(alice.process_proposals(call.add(0, kp_bob), {kAlice}));
}

TEST(Session, ProposalsBeforeAnyGroupAreIgnored) {
  Call call;
  Session alice(kAlice, kChannel), bob(kBob, kChannel);
  const Bytes kp_bob = bob.reset();
  auto out = alice.process_proposals(call.add(0, kp_bob), kInCall);
  ASSERT_TRUE(out);
  EXPECT_FALSE(*out);
  EXPECT_FALSE(alice.ratchet_for(kAlice));
}

TEST(Session, WelcomeFromAnotherExternalSenderIsRefused) {
  Call call, other;
  Session alice(kAlice, kChannel), bob(kBob, kChannel);
  alice.reset();
  const Bytes kp_bob = bob.reset();
  ASSERT_TRUE(alice.set_external_sender(other.external_sender_payload()));
  ASSERT_TRUE(bob.set_external_sender(call.external_sender_payload()));
  auto cw = committed(alice.process_proposals(other.add(0, kp_bob), kInCall));
  EXPECT_FALSE(bob.process_welcome(welcome_for(cw)));
}

}  // namespace
}  // namespace lava::dave
