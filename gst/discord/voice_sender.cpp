#include "voice_sender.h"

#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <iterator>
#include <thread>

namespace lava::discord {
namespace {

// Room for a whole slot's worth of packets at a few thousand connections: a full socket buffer
// drops packets, and on loopback the receiver may lag a slot behind.
constexpr int kSendBufferBytes = 4 << 20;

std::int64_t now_us() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000;
}

void sleep_until_us(std::int64_t t) {
  timespec ts{static_cast<time_t>(t / 1000000), static_cast<long>((t % 1000000) * 1000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) != 0) {
  }
}

int open_shared_socket(int family) {
  const int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kSendBufferBytes, sizeof kSendBufferBytes);
  return fd;
}

}  // namespace

// Packets of one slot for one address family: sealed in place by the streams, sent by sendmmsg.
struct VoiceSender::Batch {
  explicit Batch(int family) : fd(open_shared_socket(family)) {}
  ~Batch() {
    if (fd >= 0) close(fd);
  }

  int fd;
  std::array<std::array<std::uint8_t, kMaxPacket>, kBatch> packets;
  std::array<SenderStream::Destination, kBatch> to;
  std::array<iovec, kBatch> iov;
  std::array<mmsghdr, kBatch> msgs;
  std::size_t count = 0;

  std::span<std::uint8_t, kMaxPacket> next() { return packets[count]; }
  SenderStream::Destination& next_destination() { return to[count]; }

  // Takes the packet written at next(); flushes when the batch is full.
  void commit(std::size_t size, SenderStats& stats) {
    const std::size_t at = count++;
    iov[at] = {packets[at].data(), size};
    msgs[at] = {};
    msgs[at].msg_hdr.msg_name = &to[at].address;
    msgs[at].msg_hdr.msg_namelen = to[at].address_len;
    msgs[at].msg_hdr.msg_iov = &iov[at];
    msgs[at].msg_hdr.msg_iovlen = 1;
    if (count == kBatch) flush(stats);
  }

  void flush(SenderStats& stats) {
    for (std::size_t sent = 0; sent < count;) {
      const int n = fd < 0 ? -1 : sendmmsg(fd, msgs.data() + sent, unsigned(count - sent), 0);
      ++stats.syscalls;
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        stats.packets += static_cast<std::uint64_t>(n);
        continue;
      }
      // A full socket buffer drops the rest of the batch (a voice frame that cannot leave now is
      // worthless later); any other error is the first packet's own (its destination): skip it.
      const bool full = fd < 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS;
      const std::size_t dropped = full ? count - sent : 1;
      stats.dropped += dropped;
      sent += dropped;
    }
    count = 0;
  }
};

VoiceSender& VoiceSender::instance() {
  // Deliberately never destroyed: the pacing thread may still run while the process exits.
  static VoiceSender* sender = new VoiceSender();
  return *sender;
}

void VoiceSender::add(std::shared_ptr<SenderStream> stream) {
  std::lock_guard lock(mutex_);
  auto* least = std::min_element(std::begin(slots_), std::end(slots_),
                                 [](auto& a, auto& b) { return a.size() < b.size(); });
  least->push_back(std::move(stream));
  ++streams_;
  if (!started_) {
    started_ = true;
    batches_[0] = std::make_unique<Batch>(AF_INET);
    batches_[1] = std::make_unique<Batch>(AF_INET6);
    std::thread([this] { run(); }).detach();
    std::thread([this] { deliver_notes(); }).detach();
  }
  wake_.notify_all();
}

void VoiceSender::remove(const SenderStream* stream) {
  {
    std::lock_guard lock(mutex_);
    for (auto& slot : slots_) {
      auto it = std::find_if(slot.begin(), slot.end(), [&](auto& s) { return s.get() == stream; });
      if (it != slot.end()) {
        slot.erase(it);
        --streams_;
        break;
      }
    }
  }
  // A Speaking change calls into the stream's sink, which may go away once this returns: drop
  // the stream's notes not yet delivered and wait out a delivery under way (without mutex_, so
  // the pacing thread goes on meanwhile). The pacing thread hands a slot's notes over before it
  // lets go of mutex_, and the stream is in no slot now: no note of it can come after these.
  {
    std::lock_guard notes(notes_mutex_);
    std::erase_if(handed_.speaking, [&](const auto& note) { return note.first.get() == stream; });
  }
  std::lock_guard wait(delivering_);
}

SenderStats VoiceSender::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void VoiceSender::run() {
  // A late wake-up is a late packet for every connection in the slot, so the pacing thread asks
  // for a (low) real-time priority. Without the privilege it runs at normal priority. It only
  // ever sleeps on an absolute deadline, so it cannot starve the machine.
  sched_param param{};
  param.sched_priority = 5;
  pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
  // Named so profiles and `top -H` tell it from the node's other shared threads.
  pthread_setname_np(pthread_self(), "lava-sender");
  constexpr std::int64_t kSlotUs = kFramePeriodUs / kSlots;
  std::int64_t next = now_us();
  for (int slot = 0;; slot = (slot + 1) % kSlots) {
    {
      std::unique_lock lock(mutex_);
      if (streams_ == 0) {
        wake_.wait(lock, [&] { return streams_ > 0; });
        next = now_us();
      }
    }
    sleep_until_us(next);
    // Woken a whole frame period late or more: those frames are lost to time; send the current
    // one and count the rest, instead of bursting to catch up.
    const std::int64_t late = now_us() - next;
    std::uint64_t deficit = 0;
    if (late >= kFramePeriodUs) {
      deficit = static_cast<std::uint64_t>(late / kFramePeriodUs);
      next += static_cast<std::int64_t>(deficit) * kFramePeriodUs;
    }
    serve_slot(slot, deficit);
    next += kSlotUs;
  }
}

void VoiceSender::serve_slot(int slot, std::uint64_t deficit) {
  std::lock_guard lock(mutex_);
  for (auto& stream : slots_[slot]) {
    // Sealed straight into the IPv4 batch; the rare IPv6 destination is copied to its own.
    Batch* batch = batches_[0].get();
    SenderStream::Notes notes;
    std::size_t n = stream->next_packet(batch->next(), deficit, batch->next_destination(), notes);
    if (n > 0 && batch->next_destination().address.ss_family == AF_INET6) {
      Batch* v6 = batches_[1].get();
      std::copy_n(batch->next().data(), n, v6->next().data());
      v6->next_destination() = batch->next_destination();
      batch = v6;
    }
    if (notes.speaking_change >= 0)
      slot_notes_.speaking.emplace_back(stream, notes.speaking_change == 1);
    if (notes.refill) slot_notes_.refill.push_back(stream);
    if (n > 0) batch->commit(n, stats_);
  }
  for (auto& batch : batches_)
    if (batch->count > 0) batch->flush(stats_);
  hand_over();
}

void VoiceSender::hand_over() {
  if (slot_notes_.empty()) return;
  {
    std::lock_guard lock(notes_mutex_);
    if (handed_.empty()) {
      std::swap(handed_, slot_notes_);  // the usual case: the buffers go round, no allocation
    } else {
      handed_.refill.insert(handed_.refill.end(),
                            std::make_move_iterator(slot_notes_.refill.begin()),
                            std::make_move_iterator(slot_notes_.refill.end()));
      handed_.speaking.insert(handed_.speaking.end(),
                              std::make_move_iterator(slot_notes_.speaking.begin()),
                              std::make_move_iterator(slot_notes_.speaking.end()));
    }
  }
  slot_notes_.clear();
  notes_ready_.notify_all();
}

void VoiceSender::deliver_notes() {
  // Just below the pacing thread: producers are woken promptly (a ring has 100 ms left when its
  // producer is due), but never ahead of a slot's packets.
  sched_param param{};
  param.sched_priority = 4;
  pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
  pthread_setname_np(pthread_self(), "lava-notify");
  Notes notes;
  for (;;) {
    std::unique_lock delivering(delivering_, std::defer_lock);
    {
      std::unique_lock lock(notes_mutex_);
      notes_ready_.wait(lock, [&] { return !handed_.empty(); });
      std::swap(notes, handed_);
      delivering.lock();  // before notes_mutex_ is let go, so remove() cannot miss these
    }
    for (auto& stream : notes.refill) stream->wake_producer();
    for (auto& [stream, speaking] : notes.speaking) stream->notify_speaking(speaking);
    notes.clear();
  }
}

}  // namespace lava::discord
