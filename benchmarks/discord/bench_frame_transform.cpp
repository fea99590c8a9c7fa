// Per-frame cost of DAVE media encryption (FrameTransform on the streaming thread) against the
// transport seal the pacing thread already does for every packet, same frame, same run.
// Usage: bench-frame-transform   (about 1 s)
#include <cstdio>
#include <random>
#include <vector>

#include "../analysis/bench_clock.h"
#include "frame_transform.h"
#include "sender_stream.h"
#include "transport/rtp.h"

namespace {

constexpr int kRepeats = 5;
constexpr std::size_t kCalls = 100'000;

template <typename F>
double ns_per_call(F&& f) {
  return lava::bench::best_of(kRepeats,
                              [&] {
                                for (std::size_t i = 0; i < kCalls; ++i) f();
                              }) *
         1e9 / static_cast<double>(kCalls);
}

}  // namespace

int main() {
  using namespace lava::discord;
  if (sodium_init() < 0) return 1;
  std::mt19937 rng(1);
  for (std::size_t size : {160u, 320u}) {  // 64 and 128 kbit/s Opus, 20 ms
    std::vector<std::uint8_t> opus(size);
    for (auto& b : opus) b = static_cast<std::uint8_t>(rng());
    opus[0] = 0xfc;  // a CELT fullband 20 ms TOC byte, not the silence frame

    FrameTransform transform;
    transform.set_ratchet(lava::dave::KeyRatchet(lava::dave::Bytes(16, 7)));
    std::array<std::uint8_t, kMaxPayload> frame;
    std::size_t frame_size = 0;
    const double dave_ns = ns_per_call([&] { frame_size = transform.transform(opus, frame); });

    std::printf("Opus frame %zu bytes: DAVE FrameTransform %.0f ns (+%zu bytes)\n", size, dave_ns,
                frame_size - size);
    TransportKey key{};
    for (TransportMode mode :
         {TransportMode::kAes256GcmRtpSize, TransportMode::kXChaCha20Poly1305RtpSize}) {
      if (!transport_mode_available(mode)) continue;
      TransportCipher cipher(mode, key);
      std::array<std::uint8_t, kMaxPacket> packet{};
      std::uint32_t nonce = 0;
      const double seal_ns = ns_per_call([&] {
        std::copy_n(frame.data(), frame_size, packet.data() + kRtpHeaderSize);
        cipher.seal(packet, kRtpHeaderSize, frame_size, nonce++);
      });
      std::printf("  transport seal %-32s %.0f ns   DAVE / seal = %.2f\n",
                  std::string(transport_mode_name(mode)).c_str(), seal_ns, dave_ns / seal_ns);
    }
  }
}
