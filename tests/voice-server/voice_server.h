// The server side of Discord's voice protocol (gateway v8 over libsoup 3 + UDP) on loopback, for
// tests: it hands out sessions, decrypts and checks every RTP packet, and can misbehave on demand.
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gobject_ptr.h"
#include "stream_stats.h"
#include "transport_crypto.h"

namespace lava::voicetest {

struct ServerOptions {
  std::string tls_cert;  // PEM files; both empty → plain ws://
  std::string tls_key;
  std::vector<std::string> modes{"aead_aes256_gcm_rtpsize", "aead_xchacha20_poly1305_rtpsize"};
  int heartbeat_interval_ms = 1000;
  int decode_every = 1;  // decode one audio packet in N (load tests: benchmarks/scale)
};

// One event or report, written by the owner (main.cpp prints one JSON line per event).
using EventSink = std::function<void(JsonObject* event)>;

class VoiceServer {
 public:
  VoiceServer(ServerOptions options, EventSink sink);
  ~VoiceServer();
  VoiceServer(const VoiceServer&) = delete;
  VoiceServer& operator=(const VoiceServer&) = delete;

  bool start(GError** error);
  int ws_port() const { return ws_port_; }
  int udp_port() const { return udp_port_; }
  // One control command (see main.cpp's usage text); returns false when it is not understood.
  bool command(const std::string& line);

  struct Session {
    std::string session_id, token, guild_id, user_id;
    std::uint32_t ssrc = 0;
    std::unique_ptr<discord::TransportCipher> cipher;  // set by Select Protocol
    std::unique_ptr<StreamStats> stats;
    int seq = 0;  // server message sequence, carried across resumes
  };
  struct Connection {
    VoiceServer* server = nullptr;
    GObjectPtr<SoupWebsocketConnection> ws;
    std::shared_ptr<Session> session;
    int id = 0;
    bool closed = false;
  };

 private:
  static void on_websocket(SoupServer*, SoupServerMessage* msg, const char* path,
                           SoupWebsocketConnection* ws, gpointer self);
  static void on_ws_message(SoupWebsocketConnection* ws, gint type, GBytes* data, gpointer conn);
  static void on_ws_closed(SoupWebsocketConnection* ws, gpointer conn);
  static gboolean on_udp_readable(GSocket* socket, GIOCondition, gpointer self);

  void handle_text(Connection& conn, const std::string& text);
  void handle_identify(Connection& conn, JsonObject* d);
  void handle_select_protocol(Connection& conn, JsonObject* d);
  void handle_heartbeat(Connection& conn, JsonNode* d);
  void handle_speaking(Connection& conn, JsonObject* d);
  void handle_resume(Connection& conn, JsonObject* d);
  void handle_datagram(std::span<std::uint8_t> data, GSocketAddress* from, std::int64_t arrival_us);
  void send_op(Connection& conn, int op, JsonNode* d);
  void emit(const char* event, std::function<void(JsonObject*)> fill);
  void emit_report();

  ServerOptions options_;
  EventSink sink_;
  GObjectPtr<SoupServer> server_;
  GObjectPtr<GSocket> udp_;
  GSourcePtr udp_source_;
  int ws_port_ = 0;
  int udp_port_ = 0;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;  // by session id
  std::map<std::uint32_t, std::shared_ptr<Session>> by_ssrc_;
  std::uint32_t next_ssrc_ = 1000;
  bool ack_heartbeats_ = true;
  bool udp_enabled_ = true;
  bool truncate_discovery_ = false;
  std::uint64_t identifies_ = 0, resumes_ = 0, heartbeats_ = 0, unknown_packets_ = 0;
  std::uint64_t decrypt_failures_ = 0, keepalives_ = 0;
};

}  // namespace lava::voicetest
