// The shared paced sender in-process: many connections through one pacing thread into a real
// UDP socket on loopback, batched by sendmmsg; and the ring semantics the node relies on (pause
// within one frame, flush drops queued audio, capacity from bufferDurationMs).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "loopback_udp.h"
#include "rtp.h"
#include "sender_stream.h"
#include "transport_crypto.h"
#include "voice_sender.h"

using namespace lava::discord;

namespace {

constexpr TransportMode kMode = TransportMode::kXChaCha20Poly1305RtpSize;

// A loopback UDP socket that receives what the sender sends.
struct Receiver : lava::test::LoopbackUdp {
  Receiver() {
    timeval tv{0, 200000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  // One datagram, or empty after 200 ms.
  std::vector<std::uint8_t> receive() {
    std::vector<std::uint8_t> buf(2048);
    const ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    buf.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return buf;
  }
};

std::shared_ptr<const TransportCipher> cipher() {
  TransportKey key{};
  key[0] = 42;
  return std::make_shared<const TransportCipher>(kMode, key);
}

SenderTransport transport_to(const Receiver& r, std::uint32_t ssrc,
                             std::shared_ptr<const TransportCipher> c) {
  SenderTransport t;
  t.address = r.address;
  t.address_len = r.address_len;
  t.ssrc = ssrc;
  t.cipher = std::move(c);
  return t;
}

std::vector<std::uint8_t> opus_frame(std::uint8_t marker) {
  return {0xfc, marker, marker, marker};  // TOC of a 20 ms CELT frame, then bytes we recognise
}

// The payload of the next packet `stream` has due, or empty when nothing is due.
std::vector<std::uint8_t> take(SenderStream& stream, const TransportCipher& c) {
  std::array<std::uint8_t, kMaxPacket> out;
  SenderStream::Destination to;
  SenderStream::Notes notes;
  const std::size_t n = stream.next_packet(out, 0, to, notes);
  if (n == 0) return {};
  auto opened = c.open(std::span<std::uint8_t>(out.data(), n));
  if (!opened) return {0xde, 0xad};
  return {opened->begin(), opened->end()};
}

TEST(SenderStream, CapacityFollowsBufferDurationAndIsClamped) {
  SenderStream s([](bool) {});
  EXPECT_EQ(s.capacity(), kDefaultRingFrames);
  s.set_capacity(400 / 20);  // Lavalink's default bufferDurationMs
  EXPECT_EQ(s.capacity(), 20u);
  s.set_capacity(0);
  EXPECT_EQ(s.capacity(), kMinRingFrames);
  s.set_capacity(100000);
  EXPECT_EQ(s.capacity(), kMaxRingFrames);
}

TEST(SenderStream, PauseStopsAudioAtTheNextFrameAndFlushDropsTheRing) {
  Receiver r;
  auto c = cipher();
  SenderStream s([](bool) {});
  s.set_capacity(20);
  for (std::uint8_t i = 1; i <= 6; ++i) ASSERT_TRUE(s.push(opus_frame(i)));
  s.set_transport(transport_to(r, 7, c));
  s.set_playing(true);
  EXPECT_EQ(take(s, *c), opus_frame(1));
  EXPECT_EQ(take(s, *c), opus_frame(2));
  // Paused: the very next frame is silence, not the queued audio.
  s.set_playing(false);
  const std::vector<std::uint8_t> silence{0xf8, 0xff, 0xfe};
  EXPECT_EQ(take(s, *c), silence);
  s.set_playing(true);
  EXPECT_EQ(take(s, *c), opus_frame(3));
  // A seek/stop/replace flushes: nothing of the old track is sent afterwards.
  s.flush();
  const auto after = take(s, *c);
  EXPECT_TRUE(after.empty() || after == silence);
  ASSERT_TRUE(s.push(opus_frame(9)));
  EXPECT_EQ(take(s, *c), opus_frame(9));
  const SenderCounters n = s.counters();
  EXPECT_EQ(n.sent, 4u);
  EXPECT_EQ(n.nulled, 1u);  // the tick right after the flush, playing with nothing ready
}

// The frames (1-based, in sending order) that ask for a refill when `frames` frames go through a
// ring of `capacity`, refilled to the top at each request as a woken streaming thread does.
std::vector<int> refill_points(std::size_t capacity, int frames,
                               std::size_t mark = kRefillMarkFrames) {
  Receiver r;
  SenderStream s([](bool) {});
  s.set_capacity(capacity);
  s.set_refill_mark(mark);
  s.set_transport(transport_to(r, 7, cipher()));
  s.set_playing(true);
  int pushed = 0;
  const auto top_up = [&](int sent) {
    for (; pushed < frames && pushed - sent < static_cast<int>(capacity); ++pushed)
      EXPECT_TRUE(s.push(opus_frame(static_cast<std::uint8_t>(pushed))));
  };
  top_up(0);
  std::array<std::uint8_t, kMaxPacket> out;
  SenderStream::Destination to;
  std::vector<int> refills;
  for (int i = 1; i <= frames; ++i) {
    SenderStream::Notes notes;
    s.next_packet(out, 0, to, notes);
    if (!notes.refill) continue;
    refills.push_back(i);
    top_up(i);
  }
  return refills;
}

// The producer is due a wake-up once per refill (kRefillMarkFrames = 5 frames, 100 ms, left; half
// the ring when it is shorter than 10) and when the ring runs dry (wait_drained), not per frame;
// the pacing thread wakes it after sending.
TEST(SenderStream, AsksForARefillAtTheHalfMarkAndWhenEmpty) {
  Receiver r;
  auto c = cipher();
  SenderStream s([](bool) {});
  s.set_capacity(10);
  for (std::uint8_t i = 1; i <= 10; ++i) ASSERT_TRUE(s.push(opus_frame(i)));
  s.set_transport(transport_to(r, 7, c));
  s.set_playing(true);
  std::array<std::uint8_t, kMaxPacket> out;
  SenderStream::Destination to;
  std::vector<int> refills;
  const auto take_frames = [&](int from, int to_frame) {
    for (int i = from; i <= to_frame; ++i) {
      SenderStream::Notes notes;
      s.next_packet(out, 0, to, notes);
      if (notes.refill) refills.push_back(i);
    }
  };
  // A producer blocked on the full ring goes on once woken at the mark.
  std::thread producer([&] {
    for (std::uint8_t i = 11; i <= 15; ++i) EXPECT_TRUE(s.push(opus_frame(i)));
  });
  take_frames(1, 5);
  s.wake_producer();
  producer.join();
  take_frames(6, 16);
  EXPECT_EQ(refills, (std::vector<int>{5, 10, 15}));
}

// A longer ring wakes its producer less often, with the same 100 ms left: at 400 ms (20 frames,
// Lavalink's bufferDurationMs) once per 15 frames, not per 10.
TEST(SenderStream, AsksForARefillWithFiveFramesLeftInALongRing) {
  EXPECT_EQ(refill_points(20, 50), (std::vector<int>{15, 30, 45, 50}));
  EXPECT_EQ(refill_points(4, 10), (std::vector<int>{2, 4, 6, 8, 10}));
}

// A transcoding stream's mark (refill-margin 200 ms: 10 frames) wakes its producer with 10 left;
// a mark above half the ring is held to half.
TEST(SenderStream, AsksForARefillAtItsOwnMark) {
  EXPECT_EQ(refill_points(20, 50, 10), (std::vector<int>{10, 20, 30, 40, 50}));
  EXPECT_EQ(refill_points(10, 20, 8), (std::vector<int>{5, 10, 15, 20}));
}

// Raising the mark of a ring already below it wakes the producer asleep on it at once: it would
// otherwise not be woken at the mark it has passed, only when the ring ran dry.
TEST(SenderStream, RaisingTheMarkPastTheRingWakesItsProducer) {
  Receiver r;
  SenderStream s([](bool) {});
  s.set_capacity(20);
  for (std::uint8_t i = 1; i <= 20; ++i) ASSERT_TRUE(s.push(opus_frame(i)));
  s.set_transport(transport_to(r, 7, cipher()));
  s.set_playing(true);
  std::promise<void> pushed;
  std::thread producer([&] {
    EXPECT_TRUE(s.push(opus_frame(21)));
    pushed.set_value();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // it is asleep on the full ring
  std::array<std::uint8_t, kMaxPacket> out;
  SenderStream::Destination to;
  for (int i = 0; i < 12; ++i) {  // 8 left: above the default mark, so no wake-up is due
    SenderStream::Notes notes;
    s.next_packet(out, 0, to, notes);
    ASSERT_FALSE(notes.refill);
  }
  s.set_refill_mark(10);
  const bool woken =
      pushed.get_future().wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  if (!woken) s.unblock();
  producer.join();
  EXPECT_TRUE(woken);
}

// A voice gateway resume (reset_speaking) has the next audio frame announce Speaking again, and
// leaves a run of silence frames alone: the five after a track's end all go out even when the
// WebSocket resumes in between (it did cut them short, seen at fifty players, issue #6).
TEST(SenderStream, ResumeAnnouncesSpeakingAgainAndKeepsTheSilenceFrames) {
  Receiver r;
  auto c = cipher();
  SenderStream s([](bool) {});
  s.set_transport(transport_to(r, 7, c));
  const std::vector<std::uint8_t> silence{0xf8, 0xff, 0xfe};
  std::array<std::uint8_t, kMaxPacket> out;
  SenderStream::Destination to;
  // The payload of the next packet and the Speaking change it brings (-1: none).
  const auto next = [&] {
    SenderStream::Notes notes;
    const std::size_t n = s.next_packet(out, 0, to, notes);
    auto opened = c->open(std::span<std::uint8_t>(out.data(), n));
    return std::pair{opened ? std::vector<std::uint8_t>(opened->begin(), opened->end())
                            : std::vector<std::uint8_t>{},
                     notes.speaking_change};
  };
  ASSERT_TRUE(s.push(opus_frame(1)));
  ASSERT_TRUE(s.push(opus_frame(2)));
  s.set_playing(true);
  EXPECT_EQ(next(), std::pair(opus_frame(1), 1));
  s.reset_speaking();
  EXPECT_EQ(next(), std::pair(opus_frame(2), 1));
  s.set_playing(false);
  EXPECT_EQ(next(), std::pair(silence, -1));
  s.reset_speaking();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(next(), std::pair(silence, -1));
  EXPECT_EQ(next(), std::pair(silence, 0));
  EXPECT_TRUE(next().first.empty());
  // After Speaking off the next audio announces it as always, once.
  ASSERT_TRUE(s.push(opus_frame(3)));
  ASSERT_TRUE(s.push(opus_frame(4)));
  s.set_playing(true);
  EXPECT_EQ(next(), std::pair(opus_frame(3), 1));
  EXPECT_EQ(next(), std::pair(opus_frame(4), -1));
}

TEST(VoiceSender, ManyConnectionsArePacedInBatchesWithContinuousSequences) {
  constexpr std::uint32_t kStreams = 50;
  constexpr int kFrames = 25;  // half a second each
  Receiver r;
  auto c = cipher();
  std::vector<std::shared_ptr<SenderStream>> streams;
  const SenderStats before = VoiceSender::instance().stats();
  for (std::uint32_t i = 0; i < kStreams; ++i) {
    auto s = std::make_shared<SenderStream>([](bool) {});
    s->set_capacity(kFrames);
    for (int f = 0; f < kFrames; ++f)
      ASSERT_TRUE(s->push(opus_frame(static_cast<std::uint8_t>(f))));
    s->set_transport(transport_to(r, 100 + i, c));
    s->set_playing(true);
    streams.push_back(s);
  }
  for (auto& s : streams) VoiceSender::instance().add(s);

  struct Seen {
    bool any = false;
    int audio = 0;
    std::uint16_t last_sequence = 0;
    std::uint32_t last_timestamp = 0;
    int discontinuities = 0;
  };
  std::map<std::uint32_t, Seen> seen;
  int audio = 0, failures = 0;
  while (audio < int(kStreams) * kFrames) {
    auto packet = r.receive();
    if (packet.empty()) break;
    auto header = parse_rtp_header(packet);
    auto opus = c->open(packet);
    if (!header || !opus) {
      ++failures;
      continue;
    }
    Seen& s = seen[header->ssrc];
    if (s.any && (std::uint16_t(s.last_sequence + 1) != header->sequence ||
                  s.last_timestamp + kRtpSamplesPerFrame != header->timestamp))
      ++s.discontinuities;
    s.any = true;
    s.last_sequence = header->sequence;
    s.last_timestamp = header->timestamp;
    if (opus->size() == 4 && (*opus)[0] == 0xfc && (*opus)[1] == s.audio) ++s.audio, ++audio;
  }
  for (auto& s : streams) VoiceSender::instance().remove(s.get());
  EXPECT_EQ(failures, 0);
  ASSERT_EQ(seen.size(), kStreams);
  for (auto& [ssrc, s] : seen) {
    EXPECT_EQ(s.audio, kFrames) << "ssrc " << ssrc;
    EXPECT_EQ(s.discontinuities, 0) << "ssrc " << ssrc;
  }
  for (auto& s : streams) EXPECT_EQ(s->counters().sent, std::uint64_t(kFrames));
  // One system call carries many connections' packets (50 connections over 4 slots).
  const SenderStats after = VoiceSender::instance().stats();
  const auto packets = after.packets - before.packets;
  const auto syscalls = after.syscalls - before.syscalls;
  EXPECT_GE(packets, std::uint64_t(kStreams) * kFrames);
  EXPECT_GE(packets, 8 * syscalls) << packets << " packets in " << syscalls << " sendmmsg calls";
  EXPECT_EQ(after.dropped, before.dropped);
}

// The pacing thread never calls into a sink itself (a Speaking change posts to the gateway
// thread's GLib context, whose lock a preempted thread may hold): the changes reach the callback
// on the notifier thread, in order.
TEST(VoiceSender, SpeakingChangesArriveOnTheNotifierThreadInOrder) {
  Receiver r;
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::pair<bool, std::string>> changes;  // speaking, the calling thread's name
  auto s = std::make_shared<SenderStream>([&](bool speaking) {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    std::lock_guard lock(mutex);
    changes.emplace_back(speaking, name);
    arrived.notify_all();
  });
  ASSERT_TRUE(s->push(opus_frame(1)));
  s->set_transport(transport_to(r, 9, cipher()));
  s->set_playing(true);
  VoiceSender::instance().add(s);
  ASSERT_FALSE(r.receive().empty());
  s->set_playing(false);
  {
    std::unique_lock lock(mutex);
    arrived.wait_for(lock, std::chrono::seconds(2), [&] { return changes.size() >= 2; });
  }
  VoiceSender::instance().remove(s.get());
  std::lock_guard lock(mutex);
  EXPECT_EQ(changes, (std::vector<std::pair<bool, std::string>>{{true, "lava-notify"},
                                                                {false, "lava-notify"}}));
}

}  // namespace
