// The voice test server's DAVE mode: WebSocket sessions and davey members as members of one
// DaveGateway, and the media path that has our davey member decrypt each encrypted frame.
#include <algorithm>
#include <string>

#include "dave/media_frame.h"
#include "voice_opcodes.h"
#include "voice_server.h"

namespace lava::voicetest {

namespace {

using namespace lava::discord::voice_op;

std::uint64_t user_number(const std::string& text) {
  return g_ascii_strtoull(text.c_str(), nullptr, 10);
}

}  // namespace

// Sends the gateway's messages on whichever WebSocket the session has open.
class VoiceServer::SessionLink : public DaveLink {
 public:
  SessionLink(VoiceServer* server, Session* session) : server_(server), session_(session) {}
  void send_json(int op, JsonObject* d) override {
    if (session_->conn)
      server_->send_op(*session_->conn, op, json_node_init_object(json_node_alloc(), d));
  }
  void send_binary(std::uint8_t op, dave::ByteView payload) override {
    server_->send_binary(*session_, op, payload);
  }

 private:
  VoiceServer* server_;
  Session* session_;
};

void VoiceServer::send_binary(Session& session, std::uint8_t op,
                              std::span<const std::uint8_t> payload) {
  if (!session.conn || session.conn->closed) return;
  const int seq = ++session.seq;
  std::vector<std::uint8_t> frame{static_cast<std::uint8_t>(seq >> 8),
                                  static_cast<std::uint8_t>(seq), op};
  frame.insert(frame.end(), payload.begin(), payload.end());
  soup_websocket_connection_send_binary(session.conn->ws.get(), frame.data(), frame.size());
}

bool VoiceServer::start_dave(GError** error) {
  if (!options_.dave) return true;
  auto emit_event = [this](const char* event, const std::function<void(JsonObject*)>& fill) {
    emit(event, fill);
  };
  dave_ = std::make_unique<DaveGateway>(options_.dave_channel_id, emit_event);
  DaveMemberProcess::Handlers handlers;
  handlers.binary = [this](std::uint64_t user, dave::ByteView frame) {
    dave_->on_binary(user, frame);
  };
  handlers.json = [this](std::uint64_t user, int op, JsonObject* d) {
    const gint64 id = d ? json_object_get_int_member_with_default(d, "transition_id", -1) : -1;
    if (op == kDaveTransitionReady) dave_->on_transition_ready(user, id);
    if (op == kDaveMlsInvalidCommitWelcome) dave_->on_invalid_commit_welcome(user, id);
  };
  handlers.event = [this](std::uint64_t user, JsonObject* event) {
    if (g_strcmp0(json_object_get_string_member_with_default(event, "event", ""), "epoch") == 0)
      dave_->check_member_leaf(user, json_object_get_int_member_with_default(event, "epoch", -1),
                               json_object_get_int_member_with_default(event, "leaf", -1));
    emit("dave_member", [&](JsonObject* o) {
      json_object_foreach_member(
          event,
          [](JsonObject*, const gchar* name, JsonNode* node, gpointer out) {
            if (g_strcmp0(name, "event") != 0)
              json_object_set_member(static_cast<JsonObject*>(out), name, json_node_copy(node));
          },
          o);
      json_object_set_string_member(o, "kind", json_object_get_string_member(event, "event"));
    });
  };
  handlers.decrypted = [this](std::uint64_t id, const dave::Bytes* plain, const char* why) {
    dave_decrypted(id, plain, why);
  };
  dave_members_ = std::make_unique<DaveMemberProcess>(
      options_.node, options_.dave_member_script, options_.dave_channel_id, std::move(handlers));
  if (!dave_members_->start(error)) return false;
  const std::uint64_t user = options_.dave_member_user;
  dave_->join(user, dave_members_->add_member(user));
  return true;
}

// After Session Description with dave_protocol_version 1.
void VoiceServer::dave_session_ready(Session& session) {
  session.user = user_number(session.user_id);
  session.dave_link = std::make_unique<SessionLink>(this, &session);
  dave_->join(session.user, session.dave_link.get());
}

void VoiceServer::dave_binary(Connection& conn, std::span<const std::uint8_t> frame) {
  if (!conn.session || conn.session->dave_version < 1) {
    soup_websocket_connection_close(conn.ws.get(), 4020, "unexpected binary frame");
    return;
  }
  dave_->on_binary(conn.session->user, frame);
}

// A member whose WebSocket closed leaves the group unless it resumes within the grace period.
void VoiceServer::dave_connection_closed(Connection& conn) {
  Session* s = conn.session.get();
  if (!s || s->conn != &conn) return;
  s->conn = nullptr;
  if (s->dave_version < 1 || !dave_->has_member(s->user)) return;
  s->leave_timer.reset(g_timeout_source_new(options_.dave_leave_grace_ms));
  struct Ctx {
    VoiceServer* server;
    Session* session;
  };
  g_source_set_callback(
      s->leave_timer.get(),
      [](gpointer p) -> gboolean {
        auto* ctx = static_cast<Ctx*>(p);
        Session* session = ctx->session;
        session->leave_timer.release();  // destroyed by returning REMOVE
        if (session->dave_link) ctx->server->dave_->leave(session->user);
        return G_SOURCE_REMOVE;
      },
      new Ctx{this, s}, [](gpointer p) { delete static_cast<Ctx*>(p); });
  g_source_attach(s->leave_timer.get(), nullptr);
}

void VoiceServer::dave_resumed(Session& session) {
  session.leave_timer.reset();
}

// Silence passes as it is; DAVE frames go to our member when it is in the group, in order.
void VoiceServer::dave_media(Session& session, const discord::RtpHeader& header,
                             std::span<const std::uint8_t> opus, std::int64_t arrival_us) {
  QueuedFrame q{0, header, arrival_us, {opus.begin(), opus.end()}, false, false};
  if (!dave::is_opus_silence(opus)) {
    if (dave::parse_protocol_frame(opus)) {
      ++session.e2ee.frames;
      if (dave_->in_group(options_.dave_member_user) && dave_->in_group(session.user)) {
        q.id = next_decrypt_id_++;
        q.waiting = true;
        decrypting_[q.id] = session.ssrc;
        dave_members_->decrypt(q.id, options_.dave_member_user, session.user, opus);
      } else {
        ++session.e2ee.undecryptable;
        q.opaque = true;
      }
    } else {
      ++session.e2ee.plain;
      if (session.e2ee.frames > 0) ++session.e2ee.plain_after_e2ee;
    }
  }
  session.media.push_back(std::move(q));
  drain_media(session);
}

void VoiceServer::dave_decrypted(std::uint64_t id, const dave::Bytes* plain, const char* error) {
  auto owner = decrypting_.find(id);
  if (owner == decrypting_.end()) return;
  auto it = by_ssrc_.find(owner->second);
  decrypting_.erase(owner);
  if (it == by_ssrc_.end()) return;
  Session& s = *it->second;
  auto q = std::find_if(s.media.begin(), s.media.end(),
                        [&](const QueuedFrame& f) { return f.id == id; });
  if (q == s.media.end()) return;
  q->waiting = false;
  if (plain) {
    ++s.e2ee.decrypted;
    q->opus = *plain;
  } else {
    ++s.e2ee.failures;
    s.e2ee.last_error = error;
    q->opaque = true;
  }
  drain_media(s);
}

void VoiceServer::drain_media(Session& session) {
  while (!session.media.empty() && !session.media.front().waiting) {
    const QueuedFrame& q = session.media.front();
    if (q.opaque)
      session.stats->on_opaque_packet(q.header, q.arrival_us);
    else
      session.stats->on_packet(q.header, q.opus, q.arrival_us);
    session.media.pop_front();
  }
}

bool VoiceServer::dave_command(const std::vector<std::string>& w) {
  if (!dave_ || w.size() < 3) return false;
  const std::uint64_t user = user_number(w[2]);
  if (w[1] == "join") {
    dave_->join(user, dave_members_->add_member(user));
  } else if (w[1] == "leave") {
    dave_->leave(user);
    dave_members_->remove_member(user);
  } else {
    return false;
  }
  return true;
}

// A hand-made binary op (e.g. a corrupt commit) to every session with an open gateway.
bool VoiceServer::send_raw_binary(const std::string& op, const std::string& hex) {
  guint64 code = 0;
  if (!g_ascii_string_to_unsigned(op.c_str(), 10, 0, 255, &code, nullptr) || hex.size() % 2)
    return false;
  dave::Bytes payload;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = g_ascii_xdigit_value(hex[i]), lo = g_ascii_xdigit_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    payload.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  for (auto& c : connections_)
    if (!c->closed && c->session)
      send_binary(*c->session, static_cast<std::uint8_t>(code), payload);
  return true;
}

void VoiceServer::fill_e2ee(JsonObject* s, const Session& session) {
  json_object_set_int_member(s, "dave_protocol_version", session.dave_version);
  json_object_set_int_member(s, "e2ee_frames", session.e2ee.frames);
  json_object_set_int_member(s, "e2ee_decrypted", session.e2ee.decrypted);
  json_object_set_int_member(s, "e2ee_failures", session.e2ee.failures);
  json_object_set_string_member(s, "e2ee_last_error", session.e2ee.last_error.c_str());
  json_object_set_int_member(s, "e2ee_undecryptable", session.e2ee.undecryptable);
  json_object_set_int_member(s, "plain_frames", session.e2ee.plain);
  json_object_set_int_member(s, "plain_after_e2ee", session.e2ee.plain_after_e2ee);
}

void VoiceServer::fill_dave_report(JsonObject* report) {
  if (!dave_) return;
  JsonObject* d = json_object_new();
  dave_->fill_report(d);
  json_object_set_object_member(report, "dave", d);
}

}  // namespace lava::voicetest
