// The frame meter that bounds a client's WebSocket message across its fragments.
#include <gtest/gtest.h>

#include <string>

#include "raw_http.h"
#include "ws/message_meter.h"

using lava::server::ws::MessageMeter;
using lava::test::ws_frame;

namespace {

std::size_t feed(MessageMeter& m, const std::string& bytes) {
  return m.feed(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

// Byte by byte: what a reader that gets one byte per read passes on.
std::size_t feed_bytewise(MessageMeter& m, const std::string& bytes) {
  std::size_t passed = 0;
  for (char c : bytes) passed += feed(m, std::string(1, c));
  return passed;
}

}  // namespace

TEST(MessageMeter, MessagesUpToTheLimitPass) {
  MessageMeter m(1000);
  const std::string stream = ws_frame(1, std::string(1000, 'a')) +
                             ws_frame(2, std::string(600, 'b'), false) + ws_frame(9, "ping") +
                             ws_frame(0, std::string(400, 'c'));
  EXPECT_EQ(feed(m, stream), stream.size());
  EXPECT_FALSE(m.exceeded());
}

TEST(MessageMeter, StopsBeforeTheFragmentThatCrossesTheLimit) {
  const std::string ok = ws_frame(1, std::string(500, 'a'), false) + ws_frame(10, "pong") +
                         ws_frame(0, std::string(500, 'b'), false);
  const std::string over = ws_frame(0, "c", false);  // a 6-byte header, then one byte
  const std::string stream = ok + over + ws_frame(0, std::string(9000, 'd'));
  MessageMeter whole(1000);
  EXPECT_EQ(feed(whole, stream), ok.size());
  EXPECT_TRUE(whole.exceeded());
  EXPECT_EQ(feed(whole, ws_frame(1, "x")), 0u);
  // Read a byte at a time, the first bytes of that header have gone on before the length is
  // known; never the whole header.
  MessageMeter bytewise(1000);
  EXPECT_EQ(feed_bytewise(bytewise, stream), ok.size() + over.size() - 2);
  EXPECT_TRUE(bytewise.exceeded());
}

TEST(MessageMeter, AFreshMessageStartsFromZero) {
  MessageMeter m(1000);
  const std::string stream = ws_frame(1, std::string(900, 'a'), false) +
                             ws_frame(0, std::string(100, 'b')) +
                             ws_frame(1, std::string(900, 'c'));
  EXPECT_EQ(feed_bytewise(m, stream), stream.size());
  EXPECT_FALSE(m.exceeded());
}

TEST(MessageMeter, HugeDeclaredLengthsDoNotWrapAround) {
  MessageMeter m(1000);
  std::string header = "\x01\xff";  // text, not final, masked, 64-bit length
  header += std::string("\xff\xff\xff\xff\xff\xff\xff\xff", 8) + "mask";
  const std::string first = ws_frame(1, std::string(10, 'a'), false);
  EXPECT_EQ(feed(m, first + header), first.size());
  EXPECT_TRUE(m.exceeded());
}
