// The voice gateway's JSON text frames, decoded without a connection: each op's fields, and the
// hostile values a voice server could send (tests/fuzz/fuzz_voice_gateway.cpp fuzzes the same).
#include <gtest/gtest.h>

#include "voice_gateway_messages.h"

using namespace lava::discord;

namespace {

template <class T>
T parse_as(const char* text) {
  auto m = parse_voice_message(text);
  EXPECT_TRUE(m) << text;
  if (!m) return T{};
  const T* payload = std::get_if<T>(&m->payload);
  EXPECT_TRUE(payload) << text;
  return payload ? *payload : T{};
}

template <class T>
T parse_dave(const char* text) {
  return std::get<T>(parse_as<DaveJsonMessage>(text));
}

}  // namespace

TEST(VoiceGatewayMessages, RefusesAnythingButAJsonObject) {
  EXPECT_FALSE(parse_voice_message(""));
  EXPECT_FALSE(parse_voice_message("{this is not json"));
  EXPECT_FALSE(parse_voice_message("[]"));
  EXPECT_FALSE(parse_voice_message("8"));
}

TEST(VoiceGatewayMessages, ReadsSeqAndWhetherThereIsAPayload) {
  auto m = parse_voice_message(R"({"op":9,"d":null,"seq":41})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->seq, 41);
  EXPECT_FALSE(m->has_data);
  EXPECT_TRUE(std::holds_alternative<VoiceResumed>(m->payload));
  m = parse_voice_message(R"({"op":9,"d":{},"seq":null})");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->seq);
  EXPECT_TRUE(m->has_data);
  // Beyond gint64: ignored, not converted with undefined behaviour.
  EXPECT_FALSE(parse_voice_message(R"({"op":9,"seq":1e300})")->seq);
}

TEST(VoiceGatewayMessages, HelloIntervalMustBeAUsableTimer) {
  EXPECT_EQ(
      parse_as<VoiceHello>(R"({"op":8,"d":{"heartbeat_interval":13750.5}})").heartbeat_interval_ms,
      13750u);
  for (const char* bad :
       {R"({"op":8})", R"({"op":8,"d":{"heartbeat_interval":0.5}})",
        R"({"op":8,"d":{"heartbeat_interval":-5}})", R"({"op":8,"d":{"heartbeat_interval":1e300}})",
        R"({"op":8,"d":{"heartbeat_interval":"41250"}})"})
    EXPECT_EQ(parse_as<VoiceHello>(bad).heartbeat_interval_ms, 0u) << bad;
}

TEST(VoiceGatewayMessages, ReadyKeepsStringModesAndAValidPort) {
  auto r = parse_as<VoiceReady>(
      R"({"op":2,"d":{"ssrc":4294967297,"ip":"127.0.0.1","port":65535,"modes":["a",1,null,"b"]}})");
  EXPECT_EQ(r.ssrc, 1u);
  EXPECT_EQ(r.ip, "127.0.0.1");
  EXPECT_EQ(r.port, 65535);
  EXPECT_EQ(r.modes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parse_as<VoiceReady>(R"({"op":2,"d":{"port":65536}})").port, 0);
  EXPECT_EQ(parse_as<VoiceReady>(R"({"op":2,"d":{"port":-1}})").port, 0);
}

TEST(VoiceGatewayMessages, SessionDescriptionNeedsThirtyTwoNumbers) {
  std::string text = R"({"op":4,"d":{"mode":"m","dave_protocol_version":1,"secret_key":[)";
  for (int i = 0; i < 32; ++i) text += std::to_string(i) + (i < 31 ? "," : "]}}");
  auto s = parse_as<VoiceSessionDescription>(text.c_str());
  EXPECT_EQ(s.mode, "m");
  EXPECT_EQ(s.dave_protocol_version, 1);
  ASSERT_TRUE(s.secret_key);
  EXPECT_EQ((*s.secret_key)[31], 31);
  const std::string with_object = std::string(text).replace(text.find("[0,") + 1, 1, "{}");
  EXPECT_FALSE(parse_as<VoiceSessionDescription>(with_object.c_str()).secret_key);
  EXPECT_FALSE(
      parse_as<VoiceSessionDescription>(R"({"op":4,"d":{"secret_key":[1,2]}})").secret_key);
  EXPECT_EQ(parse_as<VoiceSessionDescription>(R"({"op":4,"d":{"dave_protocol_version":-3}})")
                .dave_protocol_version,
            0);
}

TEST(VoiceGatewayMessages, HeartbeatAckEchoesOnlyANonNegativeTime) {
  EXPECT_EQ(parse_as<VoiceHeartbeatAck>(R"({"op":6,"d":{"t":123}})").sent_ms, 123);
  EXPECT_FALSE(parse_as<VoiceHeartbeatAck>(R"({"op":6,"d":{}})").sent_ms);
  EXPECT_FALSE(parse_as<VoiceHeartbeatAck>(R"({"op":6,"d":{"t":-9223372036854775808}})").sent_ms);
}

TEST(VoiceGatewayMessages, DaveOpsCarryRangeCheckedIds) {
  EXPECT_EQ(
      parse_dave<DaveClientsConnect>(R"({"op":11,"d":{"user_ids":["18",19,"x",{}]}})").user_ids,
      (std::vector<std::uint64_t>{18, 19}));
  EXPECT_EQ(parse_dave<DaveClientDisconnect>(R"({"op":13,"d":{"user_id":"7"}})").user_id, 7u);
  auto prepare = parse_dave<DavePrepareTransition>(
      R"({"op":21,"d":{"transition_id":65535,"protocol_version":1}})");
  EXPECT_EQ(prepare.transition_id, 65535);
  EXPECT_EQ(prepare.protocol_version, 1);
  prepare = parse_dave<DavePrepareTransition>(
      R"({"op":21,"d":{"transition_id":65536,"protocol_version":4294967297}})");
  EXPECT_FALSE(prepare.transition_id);
  EXPECT_FALSE(prepare.protocol_version);
  EXPECT_FALSE(parse_dave<DaveExecuteTransition>(R"({"op":22})").transition_id);
  auto epoch = parse_dave<DavePrepareEpoch>(R"({"op":24,"d":{"epoch":1,"protocol_version":1}})");
  EXPECT_EQ(epoch.epoch, 1);
  EXPECT_EQ(epoch.protocol_version, 1);
}

TEST(VoiceGatewayMessages, UndocumentedOpsAreIgnoredAndOthersUnknown) {
  parse_as<VoiceIgnoredOp>(R"({"op":18,"d":{"flags":0}})");
  parse_as<VoiceIgnoredOp>(R"({"op":31})");
  EXPECT_EQ(parse_as<VoiceUnknownOp>(R"({"op":99,"d":{}})").op, 99);
  EXPECT_EQ(parse_as<VoiceUnknownOp>(R"({"d":{}})").op, -1);
  EXPECT_EQ(parse_as<VoiceUnknownOp>(R"({"op":4294967317})").op, 4294967317);
}
