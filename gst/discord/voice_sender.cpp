#include "voice_sender.h"

#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace lava::discord {
namespace {

constexpr std::size_t kBatch = 64;

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

// Packets of one slot, sent with one sendmmsg per socket.
struct Batch {
  std::array<std::array<std::uint8_t, kMaxPacket>, kBatch> packets;
  std::array<sockaddr_storage, kBatch> addresses;
  std::array<iovec, kBatch> iov;
  std::array<mmsghdr, kBatch> msgs;
  std::size_t count = 0;
  GObjectPtr<GSocket> socket;

  void add(std::span<const std::uint8_t> packet, const SenderStream::Destination& to) {
    if (count > 0 && (socket.get() != to.socket.get() || count == kBatch)) flush();
    if (socket.get() != to.socket.get()) socket.reset(G_SOCKET(g_object_ref(to.socket.get())));
    const std::size_t at = count++;
    std::memcpy(packets[at].data(), packet.data(), packet.size());
    addresses[at] = to.address;
    iov[at] = {packets[at].data(), packet.size()};
    msgs[at] = {};
    msgs[at].msg_hdr.msg_name = &addresses[at];
    msgs[at].msg_hdr.msg_namelen = to.address_len;
    msgs[at].msg_hdr.msg_iov = &iov[at];
    msgs[at].msg_hdr.msg_iovlen = 1;
  }

  void flush() {
    const int fd = g_socket_get_fd(socket.get());
    for (std::size_t sent = 0; sent < count;) {
      const int n = sendmmsg(fd, msgs.data() + sent, static_cast<unsigned>(count - sent), 0);
      // A full socket buffer or an unreachable peer drops the rest of the batch: a voice frame
      // that cannot leave now is worthless later.
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    count = 0;
  }
};

}  // namespace

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
    std::thread([this] { run(); }).detach();
  }
  wake_.notify_all();
}

void VoiceSender::remove(const SenderStream* stream) {
  std::lock_guard lock(mutex_);
  for (auto& slot : slots_) {
    auto it = std::find_if(slot.begin(), slot.end(), [&](auto& s) { return s.get() == stream; });
    if (it != slot.end()) {
      slot.erase(it);
      --streams_;
      return;
    }
  }
}

void VoiceSender::run() {
  // A late wake-up is a late packet for every connection in the slot, so the pacing thread asks
  // for a (low) real-time priority. Without the privilege it runs at normal priority. It only
  // ever sleeps on an absolute deadline, so it cannot starve the machine.
  sched_param param{};
  param.sched_priority = 5;
  pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
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
  // Only the pacing thread touches these.
  static Batch batch;
  static std::array<std::uint8_t, kMaxPacket> scratch;
  static SenderStream::Destination to;
  std::vector<SenderStream*> speaking_off;
  std::lock_guard lock(mutex_);
  for (auto& stream : slots_[slot]) {
    int change = -1;
    const std::size_t n = stream->next_packet(scratch, deficit, to, change);
    // Speaking on goes out before the first audio packet, Speaking off after the last silence.
    if (change == 1) stream->notify_speaking(true);
    if (change == 0) speaking_off.push_back(stream.get());
    if (n > 0) batch.add(std::span<const std::uint8_t>(scratch.data(), n), to);
  }
  if (batch.count > 0) batch.flush();
  batch.socket.reset();
  to.socket.reset();
  for (auto* stream : speaking_off) stream->notify_speaking(false);
}

}  // namespace lava::discord
