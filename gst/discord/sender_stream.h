// One voice connection's side of the shared sender: a short ring of encoded frames that the
// sink's streaming thread fills, and the RTP/transport state the pacing thread sends them with.
#pragma once

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "pi_mutex.h"
#include "transport/rtp.h"
#include "transport/transport_crypto.h"

namespace lava::discord {

inline constexpr std::size_t kMaxPayload = 1400;  // an Opus frame (≤ 1275) plus DAVE framing
inline constexpr std::size_t kMaxPacket = kRtpHeaderSize + kMaxPayload + kTransportOverhead;
// The default ring: 10 frames = 200 ms, enough to ride out a slow pipeline, short enough that a
// filter change is heard quickly (the node sizes it from bufferDurationMs). The pipeline is woken
// when kRefillMarkFrames are left (half of a ring of fewer than twice that), so it runs in bursts
// instead of once per frame: a longer ring means fewer wake-ups, not a later one.
inline constexpr std::size_t kDefaultRingFrames = 10;
// 100 ms: the time a woken streaming thread has to get the CPU before its ring runs dry. A wake-up
// costs the pacing thread a futex call (an inter-processor interrupt on a VM) and the streaming
// thread two context switches, so at 400 ms (Lavalink's bufferDurationMs) waking with 5 frames
// left instead of 10 removes a third of them (docs/architecture.md, "Scale").
inline constexpr std::size_t kRefillMarkFrames = 5;
inline constexpr std::size_t kMinRingFrames = 2;
inline constexpr std::size_t kMaxRingFrames = 250;  // 5 s
inline constexpr int kSilenceFrames = 5;
// A connection that sends nothing (paused, idle, or not yet playing) sends a UDP keep-alive (u32
// LE counter ‖ 4 zero bytes) at once and then every 5 s, as @discordjs/voice's VoiceUDPSocket
// does (KEEP_ALIVE_INTERVAL), so NAT bindings and the voice server's view of the stream stay up.
inline constexpr int kKeepAliveFrames = 250;
inline constexpr std::size_t kKeepAliveSize = 8;

// Where and how packets go once the voice gateway has finished its handshake. Packets leave from
// the sender's shared socket, not the gateway's discovery socket (see voice_sender.h).
struct SenderTransport {
  sockaddr_storage address{};
  socklen_t address_len = 0;
  std::uint32_t ssrc = 0;
  std::shared_ptr<const TransportCipher> cipher;
};

struct SenderCounters {
  std::uint64_t sent = 0;     // audio frames sent
  std::uint64_t nulled = 0;   // ticks where the track was playing but no frame was ready
  std::uint64_t deficit = 0;  // frames due while the pacing thread was too late to send them
};

class SenderStream {
 public:
  // Called on the sender's notifier thread once the slot's packets went out (voice_sender.h);
  // true = Speaking on, false = off.
  using SpeakingCallback = std::function<void(bool speaking)>;
  explicit SenderStream(SpeakingCallback on_speaking);

  // Resizes the ring (clamped to [kMinRingFrames, kMaxRingFrames]), dropping what it holds.
  void set_capacity(std::size_t frames);
  std::size_t capacity() const;
  // How many frames are left when the streaming thread is woken to refill (clamped to [1, half
  // the ring]): the time it has to get the CPU. A transcoding chain needs more than the default.
  void set_refill_mark(std::size_t frames);
  std::size_t refill_mark() const;

  // Writes one frame into `out` (kMaxPayload bytes); returns its size, 0 to queue nothing.
  using FrameWriter = std::function<std::size_t(std::span<std::uint8_t> out)>;
  // Streaming thread: blocks while the ring is full, then has `write` fill the free slot (under
  // the ring's lock, so whatever `write` depends on, e.g. the DAVE key, is current when the frame
  // enters the ring: a flush() after a key change leaves no frame made with the old key). False
  // when woken by unblock() (flushing) before there was room.
  bool push(const FrameWriter& write);
  // The same for a ready payload; false also when it is too large.
  bool push(std::span<const std::uint8_t> payload);
  // Streaming thread: waits until every queued frame has been sent (or unblock()).
  bool wait_drained();
  // Wakes blocked push()/wait_drained() callers until resume_blocking().
  void unblock();
  void resume_blocking();
  void flush();

  // Pausing stops audio at the next tick and sends five silence frames, then Speaking off.
  void set_playing(bool playing);
  void set_transport(SenderTransport transport);
  void clear_transport();
  // After a gateway resume: the next audio frame announces Speaking again. Silence frames due
  // (the five after audio stops) still go out, as the RTP stream itself is not interrupted.
  void reset_speaking();
  // Lock-free: the node's player watcher reads every connection's counters every 20 ms.
  SenderCounters counters() const;

  // Pacing thread: writes the packet due now into `out` and its destination into `to`; returns
  // its size, or 0 when nothing is due. `deficit` frames were missed before it.
  struct Destination {
    sockaddr_storage address;
    socklen_t address_len = 0;
  };
  // What the pacing thread is to do for this stream once the packets have left.
  struct Notes {
    int speaking_change = -1;  // 1: Speaking on, 0: off, -1: no change
    bool refill = false;       // the ring fell to its refill mark: wake_producer()
  };
  std::size_t next_packet(std::span<std::uint8_t, kMaxPacket> out, std::uint64_t deficit,
                          Destination& to, Notes& notes);
  void notify_speaking(bool speaking) { on_speaking_(speaking); }
  // Wakes the streaming thread waiting for room. Separate from next_packet so that the wake-up
  // (a futex system call, thousands a second at thousands of players) happens on the sender's
  // notifier thread, after the batch was sent and without the ring's lock, which the woken
  // thread takes first thing.
  void wake_producer() { space_.notify_all(); }

 private:
  // A slot holds one encoded frame and keeps its capacity for the next: a ring of 128 kbit/s
  // frames (≈ 330 bytes) costs a quarter of fixed kMaxPayload slots, which at thousands of
  // players is tens of MB.
  using Frame = std::vector<std::uint8_t>;
  std::size_t seal(std::span<std::uint8_t, kMaxPacket> out, std::span<const std::uint8_t> payload);
  std::size_t keep_alive(std::span<std::uint8_t, kMaxPacket> out);

  SpeakingCallback on_speaking_;
  mutable PiMutex mutex_;  // the pacing thread takes it: see pi_mutex.h
  PiCondition space_;      // ring below the refill mark, drained, or unblocked
  std::vector<Frame> ring_;
  std::array<std::uint8_t, kMaxPayload> scratch_;  // where push() has the writer put a frame
  std::size_t head_ = 0, count_ = 0;
  std::size_t refill_mark_ = kRefillMarkFrames;
  bool unblocked_ = false;
  bool playing_ = false;
  bool speaking_ = false;
  bool announce_ = false;  // Speaking is to be sent again with the next audio frame (a resume)
  int silence_left_ = 0;
  SenderTransport transport_;
  bool have_transport_ = false;
  std::uint16_t sequence_ = 0;
  std::uint32_t timestamp_ = 0;
  std::uint32_t nonce_ = 0;
  int idle_ticks_ = 0;  // ticks since this connection last sent anything
  std::uint32_t keep_alive_counter_ = 0;
  // Written by the pacing thread only (under mutex_), read by anyone without it.
  std::atomic<std::uint64_t> sent_{0}, nulled_{0}, deficit_{0};
};

}  // namespace lava::discord
