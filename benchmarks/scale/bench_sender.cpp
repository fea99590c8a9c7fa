// The shared voice sender alone at N connections (issue #11): what pacing costs per connection
// once no pipeline decodes or encodes (Opus passthrough). One producer thread keeps every ring
// (bufferDurationMs 400) between ten and fifteen 320-byte frames (128 kbit/s Opus) without ever
// blocking; the sender seals (aead_aes256_gcm_rtpsize) and sends every connection's frame each
// 20 ms into one loopback socket that a drain thread empties with recvmmsg. On loopback the
// kernel's receive path runs in the sending thread, so the sender's figure includes it.
// Prints one JSON line per N: CPU of the lava-sender thread and of the whole process (share of
// one core), µs of sender thread per packet, frames sent / nulled / deficit per connection and
// minute, packets the receiver got, packets per sendmmsg call and drops.
// Usage: bench-scale-sender SECONDS N [N...]
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <dirent.h>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cpu_time.h"
#include "loopback_udp.h"
#include "sender_stream.h"
#include "transport_crypto.h"
#include "voice_sender.h"

using namespace lava::discord;

namespace {

// The id of this process's thread named `name`, or -1.
long thread_named(const std::string& name) {
  DIR* dir = opendir("/proc/self/task");
  long found = -1;
  while (dirent* e = dir ? readdir(dir) : nullptr) {
    if (e->d_name[0] == '.') continue;
    std::string comm;
    std::getline(std::ifstream(std::string("/proc/self/task/") + e->d_name + "/comm"), comm);
    if (comm == name) found = std::atol(e->d_name);
  }
  if (dir) closedir(dir);
  return found;
}

// CPU seconds of thread `tid` of this process.
double thread_cpu_seconds(long tid) {
  std::string stat;
  std::getline(std::ifstream("/proc/self/task/" + std::to_string(tid) + "/stat"), stat);
  const std::size_t close = stat.rfind(')');
  if (tid < 0 || close == std::string::npos) return 0;
  // utime and stime: the 12th and 13th fields after the state field.
  const char* p = stat.c_str() + close + 2;
  for (int field = 0; field < 11; ++field) p = std::strchr(p, ' ') + 1;
  char* end = nullptr;
  const long long utime = std::strtoll(p, &end, 10);
  const long long stime = std::strtoll(end, nullptr, 10);
  return double(utime + stime) / double(sysconf(_SC_CLK_TCK));
}

struct Receiver : lava::test::LoopbackUdp {
  Receiver() {
    const int size = 16 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    timeval tv{0, 100000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    drain = std::thread([this] {
      constexpr unsigned kBatch = 64;
      static std::array<std::array<std::uint8_t, 1500>, kBatch> bufs;
      std::array<iovec, kBatch> iov;
      std::array<mmsghdr, kBatch> msgs{};
      for (unsigned i = 0; i < kBatch; ++i) {
        iov[i] = {bufs[i].data(), bufs[i].size()};
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
      }
      while (!stop) {
        const int n = recvmmsg(fd, msgs.data(), kBatch, 0, nullptr);
        if (n > 0) packets += static_cast<std::uint64_t>(n);
      }
    });
  }
  ~Receiver() {
    stop = true;
    drain.join();
  }
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> packets{0};
  std::thread drain;
};

void run(int n, double seconds) {
  Receiver receiver;
  TransportKey key{};
  key[0] = 7;
  const TransportMode mode = transport_mode_available(TransportMode::kAes256GcmRtpSize)
                                 ? TransportMode::kAes256GcmRtpSize
                                 : TransportMode::kXChaCha20Poly1305RtpSize;
  auto cipher = std::make_shared<const TransportCipher>(mode, key);
  std::vector<std::shared_ptr<SenderStream>> streams;
  const std::vector<std::uint8_t> frame(320, 0x5a);
  std::vector<std::uint64_t> pushed(static_cast<std::size_t>(n), 0);
  // Tops every ring up to 15 queued frames, 20 times a second: never blocks on a full ring.
  const auto top_up = [&] {
    for (std::size_t i = 0; i < streams.size(); ++i)
      while (pushed[i] - streams[i]->counters().sent < 15 && streams[i]->push(frame)) ++pushed[i];
  };
  for (int i = 0; i < n; ++i) {
    auto s = std::make_shared<SenderStream>([](bool) {});
    s->set_capacity(20);  // bufferDurationMs 400
    SenderTransport t;
    t.address = receiver.address;
    t.address_len = receiver.address_len;
    t.ssrc = static_cast<std::uint32_t>(1000 + i);
    t.cipher = cipher;
    s->set_transport(t);
    s->set_playing(true);
    streams.push_back(s);
  }
  top_up();
  std::atomic<bool> stop{false};
  std::thread producer([&] {
    while (!stop) {
      top_up();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  for (auto& s : streams) VoiceSender::instance().add(s);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const long sender_tid = thread_named("lava-sender");

  const auto totals = [&] {
    SenderCounters t{};
    for (auto& s : streams) {
      const SenderCounters c = s->counters();
      t.sent += c.sent, t.nulled += c.nulled, t.deficit += c.deficit;
    }
    return t;
  };
  const SenderCounters before_counters = totals();
  const SenderStats before = VoiceSender::instance().stats();
  const std::uint64_t packets0 = receiver.packets;
  const double cpu0 = lava::bench::process_cpu_seconds(), sender0 = thread_cpu_seconds(sender_tid);
  const auto wall0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const double cpu = lava::bench::process_cpu_seconds() - cpu0,
               sender = thread_cpu_seconds(sender_tid) - sender0;
  const SenderCounters c = totals();
  const std::uint64_t packets = receiver.packets - packets0;
  const SenderStats after = VoiceSender::instance().stats();
  const double per_minute = 1.0 / (double(n) * wall / 60.0);
  std::printf(
      "{\"connections\":%d,\"mode\":\"%s\",\"sender_cpu_percent\":%.2f,"
      "\"process_cpu_percent\":%.2f,\"sender_us_per_packet\":%.3f,\"sent_per_min\":%.1f,"
      "\"nulled_per_min\":%.2f,\"deficit_per_min\":%.2f,\"received\":%llu,\"expected\":%.0f,"
      "\"packets_per_syscall\":%.1f,\"dropped\":%llu,\"loadavg\":%.2f}\n",
      n, std::string(transport_mode_name(mode)).c_str(), 100.0 * sender / wall, 100.0 * cpu / wall,
      1e6 * sender / double(std::max<std::uint64_t>(after.packets - before.packets, 1)),
      double(c.sent - before_counters.sent) * per_minute,
      double(c.nulled - before_counters.nulled) * per_minute,
      double(c.deficit - before_counters.deficit) * per_minute,
      static_cast<unsigned long long>(packets), double(n) * wall * 50,
      double(after.packets - before.packets) /
          double(std::max<std::uint64_t>(after.syscalls - before.syscalls, 1)),
      static_cast<unsigned long long>(after.dropped - before.dropped), [] {
        double load[1] = {0};
        getloadavg(load, 1);
        return load[0];
      }());
  std::fflush(stdout);
  for (auto& s : streams) VoiceSender::instance().remove(s.get());
  stop = true;
  producer.join();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || sodium_init() < 0) {
    std::fprintf(stderr, "usage: %s SECONDS N [N...]\n", argv[0]);
    return 2;
  }
  const double seconds = std::atof(argv[1]);
  for (int i = 2; i < argc; ++i) run(std::atoi(argv[i]), seconds);
  return 0;
}
