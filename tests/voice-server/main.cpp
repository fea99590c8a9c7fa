// lava-voice-test-server: Discord's voice server side on loopback, for tests.
//
// Prints one JSON object per line on stdout: first {"event":"listening","port":P,"udp_port":U},
// then one per protocol event (connect, identify, select_protocol, heartbeat, speaking, resume,
// closed, ...). Reads commands on stdin, one per line:
//   report                     print what every SSRC sent (continuity, tone, pacing)
//   reset                      clear the counters (continuity checks keep going)
//   close CODE [REASON]        close every gateway connection with CODE
//   drop                       end every gateway connection without a close frame (1006)
//   acks on|off                answer heartbeats or not
//   udp on|off                 receive UDP or drop every datagram
//   truncate-discovery on|off  answer IP discovery with a truncated packet
//   send TEXT                  send TEXT as a raw text frame to every gateway connection
//   send-binary OP HEX         send binary op OP with payload HEX (framed with the session's
//                              next seq) to every gateway connection, e.g. a corrupt DAVE op
//   dave-member join|leave USER  (--dave) a further davey member joins or leaves the group
// End of stdin stops the server. --dave: see voice_server.h.
#include <gio/gio.h>
#include <gio/gunixinputstream.h>

#include <cstdio>

#include "voice_server.h"

namespace {

struct Args {
  gchar* tls_cert = nullptr;
  gchar* tls_key = nullptr;
  gchar* modes = nullptr;
  gint heartbeat_ms = 1000;
  gint decode_every = 1;
  gint decrypt_every = 1;
  gint udp_poll_ms = 0;
  gboolean frame_log = FALSE;
  gboolean dave = FALSE;
  gboolean dave_required = FALSE;
  gchar* dave_channel = nullptr;
  gchar* dave_member_user = nullptr;
  gchar* dave_member_script = nullptr;
  gchar* node = nullptr;
  gint leave_grace_ms = 1000;
};

void print_event(JsonObject* event) {
  JsonNode* root = json_node_init_object(json_node_alloc(), event);
  lava::GCharPtr text(json_to_string(root, FALSE));
  json_node_unref(root);
  std::fputs(text.get(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

struct CommandReader {
  lava::voicetest::VoiceServer* server;
  GMainLoop* loop;
  GDataInputStream* in;
};

void read_next(CommandReader* reader);

void on_line(GObject* source, GAsyncResult* result, gpointer data) {
  auto* reader = static_cast<CommandReader*>(data);
  gsize len = 0;
  lava::GCharPtr line(
      g_data_input_stream_read_line_finish(G_DATA_INPUT_STREAM(source), result, &len, nullptr));
  if (!line) {
    g_main_loop_quit(reader->loop);
    return;
  }
  if (!reader->server->command(line.get()))
    std::fprintf(stderr, "voice-test-server: unknown command: %s\n", line.get());
  read_next(reader);
}

void read_next(CommandReader* reader) {
  g_data_input_stream_read_line_async(reader->in, G_PRIORITY_DEFAULT, nullptr, on_line, reader);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  GOptionEntry entries[] = {
      {"tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &args.tls_cert, "PEM certificate (serve wss://)",
       "FILE"},
      {"tls-key", 0, 0, G_OPTION_ARG_FILENAME, &args.tls_key, "PEM private key", "FILE"},
      {"modes", 0, 0, G_OPTION_ARG_STRING, &args.modes, "Comma-separated modes offered in Ready",
       "LIST"},
      {"heartbeat-interval", 0, 0, G_OPTION_ARG_INT, &args.heartbeat_ms,
       "heartbeat_interval in Hello (ms)", "MS"},
      {"decode-every", 0, 0, G_OPTION_ARG_INT, &args.decode_every,
       "Decode one audio packet in N (the rest are decrypted and counted)", "N"},
      {"decrypt-every", 0, 0, G_OPTION_ARG_INT, &args.decrypt_every,
       "Decrypt one packet in N per SSRC (the rest count by RTP header and arrival time; "
       "audio and silence counts then cover the decrypted ones; not for DAVE sessions)",
       "N"},
      {"udp-poll-ms", 0, 0, G_OPTION_ARG_INT, &args.udp_poll_ms,
       "Read UDP every MS ms, not whenever a datagram is ready (arrival times stay the "
       "kernel's): fewer main-loop passes over every WebSocket at thousands of connections",
       "MS"},
      {"frame-log", 0, 0, G_OPTION_ARG_NONE, &args.frame_log,
       "Reports list every decoded audio frame: [arrival us, Hz, dBFS]", nullptr},
      {"dave", 0, 0, G_OPTION_ARG_NONE, &args.dave,
       "Offer DAVE (E2EE) protocol version 1 and run a davey member in the group", nullptr},
      {"dave-required", 0, 0, G_OPTION_ARG_NONE, &args.dave_required,
       "Close clients without DAVE with 4017", nullptr},
      {"dave-channel-id", 0, 0, G_OPTION_ARG_STRING, &args.dave_channel,
       "Channel id = MLS group id (default 222222222222222222)", "ID"},
      {"dave-member-user", 0, 0, G_OPTION_ARG_STRING, &args.dave_member_user,
       "User id of the davey member (default 444444444444444444)", "ID"},
      {"dave-member-script", 0, 0, G_OPTION_ARG_FILENAME, &args.dave_member_script,
       "dave-member/member.js", "FILE"},
      {"node", 0, 0, G_OPTION_ARG_FILENAME, &args.node, "Node.js binary", "FILE"},
      {"dave-leave-grace", 0, 0, G_OPTION_ARG_INT, &args.leave_grace_ms,
       "ms a closed DAVE member may take to resume before it leaves the group", "MS"},
      {nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr}};
  GOptionContext* ctx = g_option_context_new("- Discord voice test server");
  g_option_context_add_main_entries(ctx, entries, nullptr);
  GError* error = nullptr;
  const bool parsed = g_option_context_parse(ctx, &argc, &argv, &error);
  g_option_context_free(ctx);
  if (!parsed) {
    std::fprintf(stderr, "voice-test-server: %s\n", error->message);
    g_error_free(error);
    return 2;
  }
  lava::voicetest::ServerOptions options;
  lava::GCharPtr cert(args.tls_cert), key(args.tls_key), modes(args.modes);
  if (cert) options.tls_cert = cert.get();
  if (key) options.tls_key = key.get();
  if (modes) {
    options.modes.clear();
    gchar** list = g_strsplit(modes.get(), ",", -1);
    for (gchar** m = list; *m; ++m)
      if (**m) options.modes.emplace_back(*m);
    g_strfreev(list);
  }
  options.heartbeat_interval_ms = args.heartbeat_ms;
  options.decode_every = args.decode_every;
  options.decrypt_every = args.decrypt_every;
  options.udp_poll_ms = args.udp_poll_ms;
  options.frame_log = args.frame_log;
  lava::GCharPtr channel(args.dave_channel), member(args.dave_member_user),
      script(args.dave_member_script), node(args.node);
  options.dave = args.dave || args.dave_required;
  options.dave_required = args.dave_required;
  if (channel) options.dave_channel_id = g_ascii_strtoull(channel.get(), nullptr, 10);
  if (member) options.dave_member_user = g_ascii_strtoull(member.get(), nullptr, 10);
  options.dave_member_script = script ? script.get() : LAVA_DAVE_MEMBER_SCRIPT;
  options.node = node ? node.get() : LAVA_NODE;
  options.dave_leave_grace_ms = args.leave_grace_ms;

  lava::voicetest::VoiceServer server(options, print_event);
  if (!server.start(&error)) {
    std::fprintf(stderr, "voice-test-server: cannot start: %s\n", error->message);
    g_error_free(error);
    return 1;
  }
  JsonObject* listening = json_object_new();
  json_object_set_string_member(listening, "event", "listening");
  json_object_set_int_member(listening, "port", server.ws_port());
  json_object_set_int_member(listening, "udp_port", server.udp_port());
  json_object_set_boolean_member(listening, "tls", !options.tls_cert.empty());
  json_object_set_boolean_member(listening, "dave", options.dave);
  print_event(listening);
  json_object_unref(listening);

  lava::GMainLoopPtr loop(g_main_loop_new(nullptr, FALSE));
  lava::GObjectPtr<GInputStream> stdin_stream(g_unix_input_stream_new(0, FALSE));
  lava::GObjectPtr<GDataInputStream> in(g_data_input_stream_new(stdin_stream.get()));
  CommandReader reader{&server, loop.get(), in.get()};
  read_next(&reader);
  g_main_loop_run(loop.get());
  return 0;
}
