// One voice connection's gateway client (Discord voice gateway v8 over a libsoup 3 WebSocket):
// Identify/Resume, heartbeats with seq_ack, UDP IP discovery, Select Protocol, and the session
// key handed to the connection's SenderStream; DAVE through dave_gateway_client.h. Lives on the
// shared gateway thread: every method and every listener callback runs there.
#pragma once

#include <libsoup/soup.h>

#include <cstdint>
#include <memory>
#include <string>

#include "close_codes.h"
#include "dave_gateway_client.h"
#include "frame_transform.h"
#include "gobject_ptr.h"
#include "sender_stream.h"
#include "voice_gateway_messages.h"

namespace lava::discord {

struct VoiceCredentials {
  std::string endpoint, token, session_id, guild_id, user_id, channel_id, tls_ca_file;
  bool complete() const {
    return !endpoint.empty() && !token.empty() && !session_id.empty() && !guild_id.empty() &&
           !user_id.empty();
  }
  bool operator==(const VoiceCredentials&) const = default;
};

class VoiceGatewayListener {
 public:
  virtual ~VoiceGatewayListener() = default;
  virtual void on_connected(std::uint32_t ssrc, TransportMode mode) = 0;
  // resuming: the gateway reconnects and resumes by itself (a resumable close with tries left).
  virtual void on_closed(int code, const std::string& reason, bool by_remote, bool resuming) = 0;
  // fatal: the gateway gave up (bad data from the server); otherwise a warning.
  virtual void on_protocol_error(const std::string& message, bool fatal) = 0;
  virtual void on_ping(int ms) = 0;
  // After Session Description and after each DAVE transition.
  virtual void on_e2ee(const E2eeStatus& status) = 0;
};

class VoiceGateway : public std::enable_shared_from_this<VoiceGateway> {
 public:
  static constexpr int kMaxMissedAcks = 2;
  static constexpr int kMaxReconnects = 5;

  VoiceGateway(std::shared_ptr<SenderStream> stream, std::shared_ptr<FrameTransform> transform,
               VoiceGatewayListener* listener);
  ~VoiceGateway();

  // Starts over with a fresh Identify (first connection, or new credentials).
  void connect(const VoiceCredentials& credentials);
  // Closes everything; no listener call follows.
  void shutdown();
  void send_speaking(bool speaking);
  const VoiceCredentials& credentials() const { return credentials_; }

 private:
  enum class Phase { kIdle, kConnecting, kHandshake, kDiscovery, kSelecting, kReady, kClosed };

  void open();  // Resume when resumable_, else Identify
  static void on_ws_connected(GObject* source, GAsyncResult* result, gpointer self);
  static void on_ws_message(SoupWebsocketConnection*, gint type, GBytes* data, gpointer self);
  static void on_ws_closed(SoupWebsocketConnection* ws, gpointer self);
  void handle_text(const char* data, gsize size);
  void handle_binary(const std::uint8_t* data, gsize size);
  // A DAVE client when the credentials carry a channel id (the MLS group id), else null.
  std::unique_ptr<DaveGatewayClient> make_dave_client();
  // Stops end-to-end encryption and drops the frames queued under the old group's key.
  void leave_e2ee_group();
  void handle_hello(const VoiceHello& hello);
  void handle_ready(const VoiceReady& ready);
  void handle_session_description(VoiceSessionDescription& description);
  void handle_ack(const VoiceHeartbeatAck& ack);
  void start_discovery();
  bool on_udp_readable();
  bool on_heartbeat();
  void send_op(int op, JsonObject* d);
  void drop_ws();
  // Reports the close, then resumes, identifies again or gives up as `action` says.
  void lost_connection(int code, const std::string& reason, bool by_remote, CloseAction action);
  void schedule_reconnect();
  void give_up(const std::string& message);

  std::shared_ptr<SenderStream> stream_;
  std::shared_ptr<FrameTransform> transform_;
  VoiceGatewayListener* listener_;
  VoiceCredentials credentials_;
  Phase phase_ = Phase::kIdle;
  GObjectPtr<SoupSession> session_;
  GObjectPtr<GCancellable> cancellable_;
  GObjectPtr<SoupWebsocketConnection> ws_;
  std::unique_ptr<DaveGatewayClient> dave_;  // from Identify; kept across Resume
  GSourcePtr heartbeat_, retry_, discovery_timer_, udp_source_;
  GObjectPtr<GSocket> udp_;
  GObjectPtr<GSocketAddress> udp_target_;
  std::uint32_t ssrc_ = 0;
  TransportMode mode_ = TransportMode::kXChaCha20Poly1305RtpSize;
  bool resumable_ = false;  // a Session Description was received on this session
  std::int64_t last_seq_ = -1;
  int missed_acks_ = 0;
  int reconnects_ = 0;
  int discovery_tries_ = 0;
};

}  // namespace lava::discord
