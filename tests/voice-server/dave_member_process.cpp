#include "dave_member_process.h"

#include <cstdio>
#include <string>

#include "voice_opcodes.h"

namespace lava::voicetest {

namespace {

std::string base64(dave::ByteView bytes) {
  GCharPtr text(g_base64_encode(bytes.data(), bytes.size()));
  return text.get();
}

dave::Bytes unbase64(const char* text) {
  gsize size = 0;
  guchar* raw = g_base64_decode(text, &size);
  dave::Bytes out(raw, raw + size);
  g_free(raw);
  return out;
}

const char* string_member(JsonObject* o, const char* name) {
  JsonNode* n = json_object_get_member(o, name);
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
             ? json_node_get_string(n)
             : nullptr;
}

}  // namespace

class DaveMemberProcess::Link : public DaveLink {
 public:
  Link(DaveMemberProcess* process, std::uint64_t user) : process_(process), user_(user) {}
  void send_json(int op, JsonObject* d) override {
    JsonObject* m = message(op);
    json_object_set_object_member(m, "d", json_object_ref(d));
    process_->write(m);
    json_object_unref(m);
  }
  void send_binary(std::uint8_t op, dave::ByteView payload) override {
    JsonObject* m = message(op);
    json_object_set_string_member(m, "bin", base64(payload).c_str());
    process_->write(m);
    json_object_unref(m);
  }

 private:
  JsonObject* message(int op) const {
    JsonObject* m = json_object_new();
    json_object_set_string_member(m, "user", std::to_string(user_).c_str());
    json_object_set_int_member(m, "op", op);
    return m;
  }
  DaveMemberProcess* process_;
  std::uint64_t user_;
};

DaveMemberProcess::DaveMemberProcess(std::string node, std::string script, std::uint64_t channel_id,
                                     Handlers handlers)
    : node_(std::move(node)),
      script_(std::move(script)),
      channel_id_(channel_id),
      handlers_(std::move(handlers)),
      cancel_(g_cancellable_new()) {}

DaveMemberProcess::~DaveMemberProcess() {
  g_cancellable_cancel(cancel_.get());
  if (process_) {
    g_subprocess_force_exit(process_.get());
    g_subprocess_wait(process_.get(), nullptr, nullptr);
  }
}

bool DaveMemberProcess::start(GError** error) {
  const std::string channel = std::to_string(channel_id_);
  process_.reset(g_subprocess_new(
      static_cast<GSubprocessFlags>(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE),
      error, node_.c_str(), script_.c_str(), channel.c_str(), nullptr));
  if (!process_) return false;
  out_.reset(g_data_input_stream_new(g_subprocess_get_stdout_pipe(process_.get())));
  read_next();
  return true;
}

void DaveMemberProcess::read_next() {
  g_data_input_stream_read_line_async(out_.get(), G_PRIORITY_DEFAULT, cancel_.get(), on_line, this);
}

void DaveMemberProcess::on_line(GObject* source, GAsyncResult* result, gpointer self_ptr) {
  GError* error = nullptr;
  gsize len = 0;
  GCharPtr line(
      g_data_input_stream_read_line_finish(G_DATA_INPUT_STREAM(source), result, &len, &error));
  if (error) {
    const bool cancelled = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_error_free(error);
    if (cancelled) return;  // self is gone
  }
  auto* self = static_cast<DaveMemberProcess*>(self_ptr);
  if (!line) {
    std::fprintf(stderr, "voice-test-server: the DAVE member process exited\n");
    return;
  }
  self->handle_line(line.get());
  self->read_next();
}

void DaveMemberProcess::handle_line(const char* line) {
  GObjectPtr<JsonParser> parser(json_parser_new());
  if (!json_parser_load_from_data(parser.get(), line, -1, nullptr) ||
      !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser.get()))) {
    std::fprintf(stderr, "voice-test-server: DAVE member said: %s\n", line);
    return;
  }
  JsonObject* m = json_node_get_object(json_parser_get_root(parser.get()));
  if (json_object_has_member(m, "decrypt")) {
    const auto id = static_cast<std::uint64_t>(json_object_get_int_member(m, "decrypt"));
    if (const char* frame = string_member(m, "frame")) {
      const dave::Bytes plain = unbase64(frame);
      handlers_.decrypted(id, &plain, nullptr);
    } else {
      const char* why = string_member(m, "error");
      handlers_.decrypted(id, nullptr, why ? why : "unknown");
    }
    return;
  }
  const char* user_text = string_member(m, "user");
  if (!user_text) return;
  const std::uint64_t user = g_ascii_strtoull(user_text, nullptr, 10);
  if (json_object_has_member(m, "event")) return handlers_.event(user, m);
  const int op = static_cast<int>(json_object_get_int_member_with_default(m, "op", -1));
  if (const char* bin = string_member(m, "bin")) {
    dave::Bytes frame{static_cast<std::uint8_t>(op)};
    const dave::Bytes payload = unbase64(bin);
    frame.insert(frame.end(), payload.begin(), payload.end());
    return handlers_.binary(user, frame);
  }
  JsonNode* d = json_object_get_member(m, "d");
  handlers_.json(user, op, d && JSON_NODE_HOLDS_OBJECT(d) ? json_node_get_object(d) : nullptr);
}

void DaveMemberProcess::write(JsonObject* message) {
  JsonNode* root = json_node_init_object(json_node_alloc(), message);
  GCharPtr text(json_to_string(root, FALSE));
  json_node_unref(root);
  const std::string line = std::string(text.get()) + "\n";
  g_output_stream_write_all(g_subprocess_get_stdin_pipe(process_.get()), line.data(), line.size(),
                            nullptr, nullptr, nullptr);
}

DaveLink* DaveMemberProcess::add_member(std::uint64_t user) {
  auto& link = links_[user];
  link = std::make_unique<Link>(this, user);
  JsonObject* m = json_object_new();
  json_object_set_string_member(m, "user", std::to_string(user).c_str());
  json_object_set_int_member(m, "op", discord::voice_op::kSessionDescription);
  write(m);
  json_object_unref(m);
  return link.get();
}

void DaveMemberProcess::remove_member(std::uint64_t user) {
  JsonObject* m = json_object_new();
  json_object_set_string_member(m, "user", std::to_string(user).c_str());
  json_object_set_boolean_member(m, "leave", TRUE);
  write(m);
  json_object_unref(m);
  links_.erase(user);
}

void DaveMemberProcess::decrypt(std::uint64_t id, std::uint64_t user, std::uint64_t sender,
                                dave::ByteView frame) {
  JsonObject* m = json_object_new();
  json_object_set_int_member(m, "decrypt", static_cast<gint64>(id));
  json_object_set_string_member(m, "user", std::to_string(user).c_str());
  json_object_set_string_member(m, "from", std::to_string(sender).c_str());
  json_object_set_string_member(m, "frame", base64(frame).c_str());
  write(m);
  json_object_unref(m);
}

}  // namespace lava::voicetest
