// The voice test server's UDP side: IP discovery, keep-alive echo, and the receiver that decrypts
// and judges every RTP packet; plus the report of what each SSRC sent.
#include <array>
#include <cstring>

#include "rtp.h"
#include "voice_server.h"

namespace lava::voicetest {
namespace {

constexpr std::size_t kDiscoverySize = 74;
constexpr std::size_t kKeepAliveSize = 8;

}  // namespace

gboolean VoiceServer::on_udp_readable(GSocket* socket, GIOCondition, gpointer self_ptr) {
  auto* self = static_cast<VoiceServer*>(self_ptr);
  std::array<std::uint8_t, 2048> buf;
  for (;;) {
    GSocketAddress* from = nullptr;
    const gssize n = g_socket_receive_from(socket, &from, reinterpret_cast<gchar*>(buf.data()),
                                           buf.size(), nullptr, nullptr);
    if (n < 0) break;
    GObjectPtr<GSocketAddress> owned(from);
    if (self->udp_enabled_)
      self->handle_datagram(std::span<std::uint8_t>(buf.data(), static_cast<std::size_t>(n)), from);
  }
  return G_SOURCE_CONTINUE;
}

void VoiceServer::handle_datagram(std::span<std::uint8_t> data, GSocketAddress* from) {
  if (data.size() == kDiscoverySize && data[0] == 0 && data[1] == 1) {
    std::array<std::uint8_t, kDiscoverySize> reply{};
    reply[1] = 2;
    reply[3] = 70;
    std::memcpy(&reply[4], &data[4], 4);
    auto* inet = G_INET_SOCKET_ADDRESS(from);
    GCharPtr ip(g_inet_address_to_string(g_inet_socket_address_get_address(inet)));
    std::strncpy(reinterpret_cast<char*>(&reply[8]), ip.get(), 63);
    const guint16 port = g_inet_socket_address_get_port(inet);
    reply[72] = static_cast<std::uint8_t>(port >> 8);
    reply[73] = static_cast<std::uint8_t>(port);
    const std::size_t len = truncate_discovery_ ? 8 : reply.size();
    g_socket_send_to(udp_.get(), from, reinterpret_cast<const gchar*>(reply.data()), len, nullptr,
                     nullptr);
    return;
  }
  if (data.size() == kKeepAliveSize) {
    // UDP keep-alive (u32 LE counter + 4 zero bytes): Discord echoes it.
    ++keepalives_;
    g_socket_send_to(udp_.get(), from, reinterpret_cast<const gchar*>(data.data()), data.size(),
                     nullptr, nullptr);
    return;
  }
  auto header = discord::parse_rtp_header(data);
  auto it = header ? by_ssrc_.find(header->ssrc) : by_ssrc_.end();
  if (it == by_ssrc_.end() || !it->second->cipher) {
    ++unknown_packets_;
    return;
  }
  auto opus = it->second->cipher->open(data);
  if (!opus) {
    ++decrypt_failures_;
    return;
  }
  it->second->stats->on_packet(*header, *opus, g_get_monotonic_time());
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
      json_object_set_double_member(s, "interval_jitter_p99_ms", r.interval_jitter_p99_ms);
      json_object_set_double_member(s, "mean_interval_ms", r.mean_interval_ms);
      json_object_set_double_member(s, "frequency_hz", r.frequency_hz);
      json_object_set_double_member(s, "rms_dbfs", r.rms_dbfs);
      json_array_add_object_element(streams, s);
    }
    json_object_set_array_member(o, "streams", streams);
  });
}

}  // namespace lava::voicetest
