// The test server's DAVE gateway against members built on our own DAVE library (lava::dave::
// Session, as the sink uses it): group creation, joins and leaves, the sole-member reset, and
// refused key packages. Every member must end each transition in the same epoch with the same
// epoch authenticator, at the leaf the gateway believes it holds.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <set>

#include "dave/gateway_messages.h"
#include "dave/session.h"
#include "dave_gateway.h"
#include "voice_opcodes.h"

namespace lava::voicetest {
namespace {

using namespace lava::discord::voice_op;

struct Message {
  int op = 0;
  std::int64_t transition_id = -1, epoch = -1;
  std::vector<std::uint64_t> users;
  dave::Bytes payload;
};

class Member : public DaveLink {
 public:
  Member(DaveGateway& gateway, std::uint64_t user, std::uint64_t channel)
      : gateway_(gateway), user_(user), session_(user, channel) {}

  void send_json(int op, JsonObject* d) override {
    Message m;
    m.op = op;
    m.transition_id = json_object_get_int_member_with_default(d, "transition_id", -1);
    m.epoch = json_object_get_int_member_with_default(d, "epoch", -1);
    if (json_object_has_member(d, "user_ids")) {
      JsonArray* a = json_object_get_array_member(d, "user_ids");
      for (guint i = 0; i < json_array_get_length(a); ++i)
        m.users.push_back(g_ascii_strtoull(json_array_get_string_element(a, i), nullptr, 10));
    }
    if (json_object_has_member(d, "user_id"))
      m.users.push_back(g_ascii_strtoull(json_object_get_string_member(d, "user_id"), nullptr, 10));
    inbox_.push_back(std::move(m));
  }
  void send_binary(std::uint8_t op, dave::ByteView payload) override {
    Message m;
    m.op = op;
    m.payload.assign(payload.begin(), payload.end());
    inbox_.push_back(std::move(m));
  }

  void join() { join_with(session_.reset()); }
  void join_with(const dave::Bytes& key_package_frame) {
    gateway_.join(user_, this);
    gateway_.on_binary(user_, key_package_frame);
  }
  std::uint64_t user() const { return user_; }

  // Handles one message as the sink does; false when the inbox is empty.
  bool step() {
    if (inbox_.empty()) return false;
    Message m = std::move(inbox_.front());
    inbox_.pop_front();
    ++seen_[m.op];
    switch (m.op) {
      case kClientsConnect:
        recognized_.insert(m.users.begin(), m.users.end());
        break;
      case kClientDisconnect:
        recognized_.erase(m.users.at(0));
        break;
      case kDavePrepareEpoch:
        if (m.epoch == 1) gateway_.on_binary(user_, session_.reset());
        break;
      case kDaveMlsExternalSender:
        EXPECT_TRUE(session_.set_external_sender(m.payload));
        break;
      case kDaveMlsProposals: {
        auto out = session_.process_proposals(m.payload, recognized_);
        EXPECT_TRUE(out) << out.error();
        if (out && *out) gateway_.on_binary(user_, **out);
        break;
      }
      case kDaveMlsAnnounceCommitTransition:
      case kDaveMlsWelcome: {
        auto r = m.op == kDaveMlsAnnounceCommitTransition ? session_.process_commit(m.payload)
                                                          : session_.process_welcome(m.payload);
        EXPECT_TRUE(r) << r.error();
        const std::uint16_t id = static_cast<std::uint16_t>(m.payload[0] << 8 | m.payload[1]);
        if (r && *r == dave::Session::Outcome::applied) {
          gateway_.check_member_leaf(user_, *session_.epoch(), session_.group()->own_leaf());
          gateway_.on_transition_ready(user_, id);
        }
        break;
      }
      default:
        break;
    }
    return true;
  }

  const dave::Session& session() const { return session_; }
  int seen(int op) const { return seen_.contains(op) ? seen_.at(op) : 0; }

 private:
  DaveGateway& gateway_;
  std::uint64_t user_;
  dave::Session session_;
  std::deque<Message> inbox_;
  std::set<std::uint64_t> recognized_;
  std::map<int, int> seen_;
};

constexpr std::uint64_t kChannel = 222;

class DaveGatewayTest : public ::testing::Test {
 protected:
  DaveGatewayTest()
      : gateway_(kChannel, [this](const char* event, const std::function<void(JsonObject*)>&) {
          events_.emplace_back(event);
        }) {}

  Member& add(std::uint64_t user) {
    members_.push_back(std::make_unique<Member>(gateway_, user, kChannel));
    members_.back()->join();
    pump();
    return *members_.back();
  }
  void remove(std::uint64_t user) {
    gateway_.leave(user);
    std::erase_if(members_, [&](auto& m) { return m->user() == user; });
    pump();
  }
  void pump() {
    for (bool busy = true; busy;) {
      busy = false;
      for (auto& m : members_) busy |= m->step();
    }
  }
  // Every member still in the call agrees with the gateway and with each other.
  void expect_agreement(std::uint64_t epoch) {
    JsonObject* report = json_object_new();
    gateway_.fill_report(report);
    EXPECT_EQ(json_object_get_int_member(report, "leaf_mismatches"), 0);
    EXPECT_EQ(json_object_get_int_member(report, "rejected"), 0);
    json_object_unref(report);
    ASSERT_TRUE(gateway_.established());
    EXPECT_EQ(gateway_.epoch(), epoch);
    const dave::Bytes* authenticator = nullptr;
    for (auto& m : members_) {
      const dave::Group* g = m->session().group();
      ASSERT_TRUE(g) << m->user() << " has no group";
      EXPECT_EQ(g->epoch(), epoch);
      if (authenticator) {
        EXPECT_EQ(g->epoch_authenticator(), *authenticator);
      }
      authenticator = &g->epoch_authenticator();
    }
  }

  std::vector<std::string> events_;
  DaveGateway gateway_;
  std::vector<std::unique_ptr<Member>> members_;
};

TEST_F(DaveGatewayTest, TwoPendingMembersCreateOneGroup) {
  Member& a = add(1001);
  EXPECT_FALSE(gateway_.established());
  Member& b = add(1002);
  expect_agreement(1);
  EXPECT_TRUE(gateway_.in_group(1001));
  EXPECT_TRUE(gateway_.in_group(1002));
  // One commit won; the other member was welcomed; both were told to execute.
  EXPECT_EQ(a.seen(kDaveMlsAnnounceCommitTransition) + b.seen(kDaveMlsAnnounceCommitTransition), 1);
  EXPECT_EQ(a.seen(kDaveMlsWelcome) + b.seen(kDaveMlsWelcome), 1);
  EXPECT_EQ(a.seen(kDaveExecuteTransition), 1);
  EXPECT_EQ(b.seen(kDaveExecuteTransition), 1);
}

TEST_F(DaveGatewayTest, JoinsAndLeavesMoveTheEpochOn) {
  add(1001);
  add(1002);
  Member& c = add(1003);
  expect_agreement(2);
  EXPECT_EQ(c.seen(kDaveMlsWelcome), 1);
  add(1004);
  expect_agreement(3);
  remove(1003);  // a leaf in the middle: the next Add reuses it
  expect_agreement(4);
  EXPECT_FALSE(gateway_.in_group(1003));
  add(1005);
  expect_agreement(5);
  remove(1001);
  expect_agreement(6);
}

TEST_F(DaveGatewayTest, SoleMemberResetsAndANewGroupFollows) {
  Member& a = add(1001);
  add(1002);
  expect_agreement(1);
  remove(1002);
  EXPECT_FALSE(gateway_.established());
  EXPECT_EQ(a.seen(kDavePrepareEpoch), 1);
  EXPECT_EQ(a.seen(kDavePrepareTransition), 1);
  add(1003);
  expect_agreement(1);
  EXPECT_TRUE(gateway_.in_group(1001));
  EXPECT_TRUE(gateway_.in_group(1003));
}

TEST_F(DaveGatewayTest, RefusesAKeyPackageForAnotherUser) {
  add(1001);
  dave::Session impostor(1009, kChannel);
  Member b(gateway_, 1002, kChannel);
  b.join_with(impostor.reset());
  EXPECT_NE(std::find(events_.begin(), events_.end(), "dave_rejected"), events_.end());
  EXPECT_FALSE(gateway_.established());
  gateway_.leave(1002);
}

}  // namespace
}  // namespace lava::voicetest
