#include <gtest/gtest.h>

#include "dave/hpke.h"
#include "dave/key_schedule.h"
#include "hex.h"
#include "rfc9420_vectors.h"

namespace lava::dave {
namespace {

using test::from_hex;
using test::to_hex;

TEST(KeySchedule, MatchesRfcVectorsAcrossEpochs) {
  Bytes init = from_hex(vectors::kKeyScheduleInitialInit);
  std::uint64_t epoch = 0;
  for (const auto& v : vectors::kKeySchedule) {
    SCOPED_TRACE(epoch);
    GroupContext ctx;
    ctx.group_id = from_hex(vectors::kKeyScheduleGroupId);
    ctx.epoch = epoch++;
    ctx.tree_hash = from_hex(v.tree_hash);
    ctx.confirmed_transcript_hash = from_hex(v.confirmed_transcript_hash);
    EXPECT_EQ(to_hex(ctx.encode()), v.group_context);

    const auto s =
        EpochSecrets::from_init(init, from_hex(v.commit_secret), ctx, from_hex(v.psk_secret));
    EXPECT_EQ(to_hex(s.joiner_secret), v.joiner_secret);
    EXPECT_EQ(to_hex(s.welcome_secret), v.welcome_secret);
    EXPECT_EQ(to_hex(s.init_secret), v.init_secret);
    EXPECT_EQ(to_hex(s.sender_data_secret), v.sender_data_secret);
    EXPECT_EQ(to_hex(s.encryption_secret), v.encryption_secret);
    EXPECT_EQ(to_hex(s.exporter_secret), v.exporter_secret);
    EXPECT_EQ(to_hex(s.epoch_authenticator), v.epoch_authenticator);
    EXPECT_EQ(to_hex(s.external_secret), v.external_secret);
    EXPECT_EQ(to_hex(s.confirmation_key), v.confirmation_key);
    EXPECT_EQ(to_hex(s.membership_key), v.membership_key);
    EXPECT_EQ(to_hex(s.resumption_psk), v.resumption_psk);
    EXPECT_EQ(to_hex(welcome_secret_from_joiner(s.joiner_secret, from_hex(v.psk_secret))),
              v.welcome_secret);

    // The vectors' exporter label is a string that happens to look like hex; it is used as is.
    EXPECT_EQ(
        to_hex(s.export_secret(v.exporter_label, from_hex(v.exporter_context), v.exporter_length)),
        v.exporter_secret_out);

    auto external = hpke_derive_key_pair(s.external_secret);
    ASSERT_TRUE(external);
    EXPECT_EQ(to_hex(external->public_key), v.external_pub);
    init = s.init_secret;
  }
}

}  // namespace
}  // namespace lava::dave
