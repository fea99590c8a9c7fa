// A gateway (external sender) and members driving real MLS groups, for the group tests.
#pragma once

#include <gtest/gtest.h>

#include <map>

#include "dave/external_proposals.h"
#include "dave/group.h"

namespace lava::dave::test {

struct Gateway {
  P256KeyPair key = P256KeyPair::generate();
  ExternalSender sender{key.public_key, {user_id_identity(0)}};

  Bytes add(const Group& g, const KeyPackage& kp) const {
    return make_external_proposal(g.group_id(), g.epoch(), AddProposal{kp}, key);
  }
  Bytes remove(const Group& g, std::uint32_t leaf) const {
    return make_external_proposal(g.group_id(), g.epoch(), RemoveProposal{leaf}, key);
  }
};

inline Bytes channel_group_id() {
  return user_id_identity(1234567890123456789ull);
}

// Feeds a proposal message to a group, asserting it is accepted.
inline void propose(Group& g, const Bytes& message) {
  auto m = parse_public_message(message);
  ASSERT_TRUE(m) << m.error();
  auto ref = g.add_external_proposal(*m);
  ASSERT_TRUE(ref) << ref.error();
}

inline Bytes media_base(const Group& g, std::uint64_t user) {
  Bytes le(8);
  for (int i = 0; i < 8; ++i) le[i] = static_cast<std::uint8_t>(user >> (8 * i));
  return g.export_secret("Discord Secure Frames v0", le, 16);
}

}  // namespace lava::dave::test
