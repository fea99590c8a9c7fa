// The voice test server's UDP side: IP discovery, keep-alive echo, and the receiver that decrypts
// and judges every RTP packet; plus the report of what each SSRC sent.
#include <sys/socket.h>

#include <array>
#include <cstring>

#include "rtp.h"
#include "voice_server.h"

namespace lava::voicetest {
namespace {

constexpr std::size_t kDiscoverySize = 74;
constexpr std::size_t kKeepAliveSize = 8;

}  // namespace

gboolean VoiceServer::on_udp_readable(GSocket*, GIOCondition, gpointer self) {
  static_cast<VoiceServer*>(self)->read_udp();
  return G_SOURCE_CONTINUE;
}

gboolean VoiceServer::on_udp_poll(gpointer self) {
  static_cast<VoiceServer*>(self)->read_udp();
  return G_SOURCE_CONTINUE;
}

// Arrival time from the kernel (SO_TIMESTAMPNS), so pacing is judged by when packets reached the
// socket, not by when this process got the CPU to read them (which is also why reading them on a
// timer, --udp-poll-ms, judges them the same). Read in batches (recvmmsg): the scale benchmark
// sends this socket one packet per connection every 20 ms.
void VoiceServer::read_udp() {
  constexpr std::size_t kBatch = 64;
  struct Slot {
    std::array<std::uint8_t, 2048> buf;
    sockaddr_storage from;
    iovec iov;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
  };
  static std::array<Slot, kBatch> slots;  // the main loop's thread only
  std::array<mmsghdr, kBatch> msgs{};
  for (;;) {
    for (std::size_t i = 0; i < kBatch; ++i) {
      Slot& s = slots[i];
      s.iov = {s.buf.data(), s.buf.size()};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_name = &s.from;
      msgs[i].msg_hdr.msg_namelen = sizeof s.from;
      msgs[i].msg_hdr.msg_iov = &s.iov;
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_control = s.control;
      msgs[i].msg_hdr.msg_controllen = sizeof s.control;
    }
    const int got =
        recvmmsg(g_socket_get_fd(udp_.get()), msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (got <= 0) break;
    const std::int64_t now_us = g_get_real_time();
    for (int i = 0; i < got; ++i) {
      msghdr& msg = msgs[i].msg_hdr;
      std::int64_t arrival_us = now_us;
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
          timespec ts;
          std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
          arrival_us = std::int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000;
        }
      }
      if (udp_enabled_)
        handle_datagram(std::span<std::uint8_t>(slots[i].buf.data(), msgs[i].msg_len),
                        slots[i].from, msg.msg_namelen, arrival_us);
    }
    if (static_cast<std::size_t>(got) < kBatch) break;
  }
}

void VoiceServer::handle_datagram(std::span<std::uint8_t> data, const sockaddr_storage& native,
                                  socklen_t native_len, std::int64_t arrival_us) {
  // Only discovery and keep-alives are answered: the sender's address object is made for them.
  const auto from_address = [&] {
    return GObjectPtr<GSocketAddress>(
        g_socket_address_new_from_native(const_cast<sockaddr_storage*>(&native), native_len));
  };
  if (data.size() == kDiscoverySize && data[0] == 0 && data[1] == 1) {
    const auto from = from_address();
    if (!from || !G_IS_INET_SOCKET_ADDRESS(from.get())) return;
    std::array<std::uint8_t, kDiscoverySize> reply{};
    reply[1] = 2;
    reply[3] = 70;
    std::memcpy(&reply[4], &data[4], 4);
    auto* inet = G_INET_SOCKET_ADDRESS(from.get());
    GCharPtr ip(g_inet_address_to_string(g_inet_socket_address_get_address(inet)));
    std::strncpy(reinterpret_cast<char*>(&reply[8]), ip.get(), 63);
    const guint16 port = g_inet_socket_address_get_port(inet);
    reply[72] = static_cast<std::uint8_t>(port >> 8);
    reply[73] = static_cast<std::uint8_t>(port);
    const std::size_t len = truncate_discovery_ ? 8 : reply.size();
    g_socket_send_to(udp_.get(), from.get(), reinterpret_cast<const gchar*>(reply.data()), len,
                     nullptr, nullptr);
    return;
  }
  if (data.size() == kKeepAliveSize) {
    // UDP keep-alive (u32 LE counter + 4 zero bytes): Discord echoes it.
    ++keepalives_;
    if (const auto from = from_address())
      g_socket_send_to(udp_.get(), from.get(), reinterpret_cast<const gchar*>(data.data()),
                       data.size(), nullptr, nullptr);
    return;
  }
  auto header = discord::parse_rtp_header(data);
  auto it = header ? by_ssrc_.find(header->ssrc) : by_ssrc_.end();
  if (it == by_ssrc_.end() || !it->second->cipher) {
    ++unknown_packets_;
    return;
  }
  Session& session = *it->second;
  if (session.dave_version == 0) {
    if (!session.stats->on_sealed_packet(*header, data, *session.cipher, arrival_us))
      ++decrypt_failures_;
    return;
  }
  auto opus = session.cipher->open(data);
  if (!opus) {
    ++decrypt_failures_;
    return;
  }
  dave_media(session, *header, *opus, arrival_us);
}

void VoiceServer::emit_report() {
  emit("report", [&](JsonObject* o) {
    json_object_set_int_member(o, "identifies", identifies_);
    json_object_set_int_member(o, "resumes", resumes_);
    json_object_set_int_member(o, "heartbeats", heartbeats_);
    json_object_set_int_member(o, "unknown_packets", unknown_packets_);
    json_object_set_int_member(o, "keepalives", keepalives_);
    json_object_set_int_member(o, "decrypt_failures", decrypt_failures_);
    JsonArray* streams = json_array_new();
    for (auto& [ssrc, session] : by_ssrc_) {
      const StreamReport r = session->stats->report();
      JsonObject* s = json_object_new();
      json_object_set_int_member(s, "ssrc", r.ssrc);
      json_object_set_string_member(s, "session_id", session->session_id.c_str());
      json_object_set_string_member(
          s, "mode",
          session->cipher ? std::string(transport_mode_name(session->cipher->mode())).c_str() : "");
      json_object_set_int_member(s, "packets", r.packets);
      json_object_set_int_member(s, "audio_frames", r.audio_frames);
      json_object_set_int_member(s, "silence_frames", r.silence_frames);
      json_object_set_int_member(s, "decode_failures", r.decode_failures);
      json_object_set_int_member(s, "sequence_missing", r.sequence_missing);
      json_object_set_int_member(s, "sequence_errors", r.sequence_errors);
      json_object_set_int_member(s, "timestamp_errors", r.timestamp_errors);
      json_object_set_int_member(s, "trailing_silence", r.trailing_silence);
      json_object_set_int_member(s, "first_sequence", r.first_sequence);
      json_object_set_int_member(s, "last_sequence", r.last_sequence);
      json_object_set_double_member(s, "max_gap_ms", r.max_gap_ms);
      json_object_set_double_member(s, "interval_jitter_p90_ms", r.interval_jitter_p90_ms);
      json_object_set_double_member(s, "interval_jitter_p99_ms", r.interval_jitter_p99_ms);
      json_object_set_double_member(s, "interval_p99_ms", r.interval_p99_ms);
      json_object_set_double_member(s, "mean_interval_ms", r.mean_interval_ms);
      json_object_set_double_member(s, "frequency_hz", r.frequency_hz);
      json_object_set_double_member(s, "rms_dbfs", r.rms_dbfs);
      if (options_.frame_log) {
        JsonArray* frames = json_array_sized_new(static_cast<guint>(r.frames.size()));
        for (const FrameNote& f : r.frames) {
          JsonArray* note = json_array_sized_new(3);
          json_array_add_int_element(note, f.arrival_us);
          json_array_add_double_element(note, f.hz);
          json_array_add_double_element(note, f.rms_dbfs);
          json_array_add_array_element(frames, note);
        }
        json_object_set_array_member(s, "frames", frames);
      }
      fill_e2ee(s, *session);
      json_array_add_object_element(streams, s);
    }
    json_object_set_array_member(o, "streams", streams);
    fill_dave_report(o);
  });
}

}  // namespace lava::voicetest
