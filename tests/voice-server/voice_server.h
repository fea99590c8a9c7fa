// The server side of Discord's voice protocol (gateway v8 over libsoup 3 + UDP) on loopback, for
// tests: it hands out sessions, decrypts and checks every RTP packet, and can misbehave on demand.
//
// DAVE mode (`lava-voice-test-server --dave`, ServerOptions::dave): Session Description answers
// `dave_protocol_version: 1` to clients whose Identify says `max_dave_protocol_version` >= 1
// (`--dave-required`: others are closed with 4017). The server is the MLS external sender and
// delivery service (dave_gateway.h), and it runs a second member on @snazzah/davey
// (dave-member/member.js, user `--dave-member-user`, default 444444444444444444) in the group of
// channel `--dave-channel-id` (default 222222222222222222; must be the client's channel-id).
// That member decrypts every end-to-end encrypted frame before it is decoded and judged.
// Commands: `dave-member join USER` / `dave-member leave USER` add or remove a further davey
// member mid-stream (an epoch change each). Reports gain, per stream: `dave_protocol_version`,
// `e2ee_frames` (frames with the DAVE trailer), `e2ee_decrypted`, `e2ee_failures` (+
// `e2ee_last_error`), `e2ee_undecryptable` (encrypted while our member was not in the group),
// `plain_frames` (audio without the trailer) and `plain_after_e2ee` (of those, after the first
// encrypted one); and a top-level `dave` object: `established`, `epoch`, `leaves` (user per leaf),
// `commits`, `rejected`, `welcomes`, `transitions`, `transition_timeouts`,
// `invalid_commit_welcome`, `leaf_mismatches`, `sole_member_resets`. Events: `dave_join`,
// `dave_leave`, `dave_key_package`, `dave_commit`, `dave_execute`, `dave_rejected`,
// `dave_reset`, `dave_member` (davey's own view: epoch, leaf, authenticator, errors).
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sys/socket.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dave_gateway.h"
#include "dave_member_process.h"
#include "gobject_ptr.h"
#include "stream_stats.h"
#include "transport_crypto.h"

namespace lava::voicetest {

struct ServerOptions {
  std::string tls_cert;  // PEM files; both empty → plain ws://
  std::string tls_key;
  std::vector<std::string> modes{"aead_aes256_gcm_rtpsize", "aead_xchacha20_poly1305_rtpsize"};
  int heartbeat_interval_ms = 1000;
  int decode_every = 1;   // decode one audio packet in N (load tests: benchmarks/scale)
  int decrypt_every = 1;  // open one packet in N per SSRC (load tests; not with DAVE)
  // > 0: read UDP every N ms instead of whenever a datagram is ready (load tests: each wake-up
  // of the main loop polls every WebSocket too, which at thousands of connections costs more
  // than the packets; arrival times are the kernel's either way).
  int udp_poll_ms = 0;
  bool frame_log = false;  // reports list every decoded frame: [arrival µs, Hz, dBFS]
  bool dave = false;
  bool dave_required = false;
  std::uint64_t dave_channel_id = 222222222222222222ull;
  std::uint64_t dave_member_user = 444444444444444444ull;
  std::string node = "node";
  std::string dave_member_script;  // dave-member/member.js
  int dave_leave_grace_ms = 1000;  // a closed gateway connection may resume within this
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

  struct Connection;
  struct E2ee {
    std::uint64_t frames = 0, decrypted = 0, failures = 0, undecryptable = 0;
    std::uint64_t plain = 0, plain_after_e2ee = 0;
    std::string last_error;
  };
  // A packet of a DAVE session waiting for (or done with) our member's decryption, kept in
  // arrival order so the stream statistics see packets in the order they came.
  struct QueuedFrame {
    std::uint64_t id = 0;
    discord::RtpHeader header{};
    std::int64_t arrival_us = 0;
    std::vector<std::uint8_t> opus;
    bool waiting = false;
    bool opaque = false;
  };
  struct Session {
    std::string session_id, token, guild_id, user_id;
    std::uint32_t ssrc = 0;
    std::unique_ptr<discord::TransportCipher> cipher;  // set by Select Protocol
    std::unique_ptr<StreamStats> stats;
    int seq = 0;  // server message sequence, carried across resumes
    gint64 max_dave = -1;
    int dave_version = 0;
    std::uint64_t user = 0;
    Connection* conn = nullptr;  // the open gateway connection, if any
    std::unique_ptr<DaveLink> dave_link;
    GSourcePtr leave_timer;
    E2ee e2ee;
    std::deque<QueuedFrame> media;
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
  static gboolean on_udp_poll(gpointer self);
  void read_udp();

  void handle_text(Connection& conn, const std::string& text);
  void handle_identify(Connection& conn, JsonObject* d);
  void handle_select_protocol(Connection& conn, JsonObject* d);
  void handle_heartbeat(Connection& conn, JsonNode* d);
  void handle_speaking(Connection& conn, JsonObject* d);
  void handle_resume(Connection& conn, JsonObject* d);
  void handle_datagram(std::span<std::uint8_t> data, const sockaddr_storage& from,
                       socklen_t from_len, std::int64_t arrival_us);
  void send_op(Connection& conn, int op, JsonNode* d);
  void send_binary(Session& session, std::uint8_t op, std::span<const std::uint8_t> payload);

  // DAVE mode (voice_server_dave.cpp).
  class SessionLink;
  bool start_dave(GError** error);
  void dave_session_ready(Session& session);
  void dave_binary(Connection& conn, std::span<const std::uint8_t> frame);
  void dave_connection_closed(Connection& conn);
  void dave_resumed(Session& session);
  void dave_media(Session& session, const discord::RtpHeader& header,
                  std::span<const std::uint8_t> opus, std::int64_t arrival_us);
  void dave_decrypted(std::uint64_t id, const dave::Bytes* plain, const char* error);
  void drain_media(Session& session);
  bool dave_command(const std::vector<std::string>& words);
  bool send_raw_binary(const std::string& op, const std::string& hex);
  void fill_dave_report(JsonObject* report);
  static void fill_e2ee(JsonObject* stream, const Session& session);
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
  std::unique_ptr<DaveGateway> dave_;
  std::unique_ptr<DaveMemberProcess> dave_members_;
  std::map<std::uint64_t, std::uint32_t> decrypting_;  // decrypt request id → SSRC
  std::uint64_t next_decrypt_id_ = 1;
};

}  // namespace lava::voicetest
