// lavalink-gst: a Lavalink v4 node on GStreamer.
#include <gio/gio.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <libsoup/soup.h>

#include <cstdio>
#include <string>

#include "config.h"
#include "gobject_ptr.h"
#include "http/request_guard.h"
#include "http/router.h"
#include "lava_config.h"
#include "memory/allocator.h"
#include "node.h"
#include "plugin.h"
#include "rest/info.h"
#include "rest/players.h"
#include "rest/sessions.h"
#include "rest/tracks.h"
#include "sources/finished_stream_guard.h"

namespace {

// How often the node hands freed memory back to the system: a few milliseconds of one thread
// (docs/security.md, "Soak") against RSS that otherwise keeps what the busiest moment needed.
constexpr unsigned kReleaseFreeMemorySeconds = 10;

gboolean release_free_memory(gpointer) {
  lava::server::memory::release_free_memory();
  return G_SOURCE_CONTINUE;
}

gboolean quit_on_signal(gpointer loop) {
  g_message("shutting down");
  g_main_loop_quit(static_cast<GMainLoop*>(loop));
  return G_SOURCE_CONTINUE;
}

void check_request_size(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable*,
                        gpointer router) {
  static_cast<const lava::server::http::Router*>(router)->check_announced_size(msg, path);
}

void handle_request(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable* query,
                    gpointer router) {
  static_cast<const lava::server::http::Router*>(router)->dispatch(msg, path, query);
}

bool listen(SoupServer* server, const lava::server::Config& config) {
  lava::GObjectPtr<GInetAddress> address(g_inet_address_new_from_string(config.address.c_str()));
  if (!address) {
    g_printerr("server.address %s is not an IP address\n", config.address.c_str());
    return false;
  }
  lava::GObjectPtr<GSocketAddress> socket_address(
      g_inet_socket_address_new(address.get(), static_cast<guint16>(config.port)));
  GError* error = nullptr;
  if (!soup_server_listen(server, socket_address.get(), static_cast<SoupServerListenOptions>(0),
                          &error)) {
    g_printerr("cannot listen on %s:%d: %s\n", config.address.c_str(), config.port, error->message);
    g_error_free(error);
    return false;
  }
  GSList* uris = soup_server_get_uris(server);
  for (GSList* l = uris; l; l = l->next) {
    lava::GCharPtr uri(g_uri_to_string(static_cast<GUri*>(l->data)));
    // Tests read the bound port from this line when they ask for port 0.
    std::printf("Listening on %s\n", uri.get());
  }
  std::fflush(stdout);
  g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  lava::server::memory::turn_off_thread_caches(argv);
  lava::server::memory::cap_malloc_arenas();
  gchar* config_path = nullptr;
  gboolean show_version = FALSE;
  GOptionEntry entries[] = {
      {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
       "Lavalink application.yml to read (default: ./application.yml)", "PATH"},
      {"version", 'V', 0, G_OPTION_ARG_NONE, &show_version, "Print the version and exit", nullptr},
      {nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr}};
  GOptionContext* context = g_option_context_new("- Lavalink v4 node on GStreamer");
  g_option_context_add_main_entries(context, entries, nullptr);
  g_option_context_add_group(context, gst_init_get_option_group());
  GError* error = nullptr;
  const bool parsed = g_option_context_parse(context, &argc, &argv, &error);
  g_option_context_free(context);
  if (!parsed) {
    g_printerr("%s\n", error->message);
    g_error_free(error);
    return 2;
  }
  lava::GCharPtr config_owner(config_path);
  if (show_version) {
    std::printf("lavalink-gst %s\n", LAVA_VERSION);
    return 0;
  }

  std::string message;
  auto config = lava::server::load_config(config_path ? config_path : "application.yml", &message);
  if (!config) {
    g_printerr("%s\n", message.c_str());
    return 1;
  }

  gst_init(nullptr, nullptr);
  lava_plugin_register_static();
  lava::server::sources::guard_finished_message_streams();

  const std::string pipeline_path = lava::server::player::player_pipeline_path(*config);
  auto player_pipeline = lava::server::player::PlayerTemplate::load(pipeline_path, &message);
  if (!player_pipeline) {
    g_printerr("%s\n", message.c_str());
    return 1;
  }
  g_message("players are built from %s", pipeline_path.c_str());

  lava::server::Node node(std::move(*config), std::move(*player_pipeline));
  lava::server::http::Router router(node.config.password, node.config.max_request_body_bytes);
  lava::server::rest::add_info_routes(router, node.config);
  lava::server::rest::add_track_routes(router, node);
  lava::server::rest::add_player_routes(router, node);
  lava::server::rest::add_session_routes(router, node);
  lava::server::rest::add_stats_routes(router, node);
  lava::server::rest::add_routeplanner_routes(router);

  lava::GObjectPtr<SoupServer> server(static_cast<SoupServer*>(
      g_object_new(SOUP_TYPE_SERVER, "server-header", "lavalink-gst", nullptr)));
  lava::server::http::guard_requests(server.get(),
                                     static_cast<unsigned>(node.config.request_timeout_s));
  soup_server_add_early_handler(server.get(), nullptr, check_request_size, &router, nullptr);
  soup_server_add_handler(server.get(), nullptr, handle_request, &router, nullptr);
  node.sessions.listen(server.get());
  if (!listen(server.get(), node.config)) return 1;

  lava::GMainLoopPtr loop(g_main_loop_new(nullptr, FALSE));
  const guint sigint = g_unix_signal_add(SIGINT, quit_on_signal, loop.get());
  const guint sigterm = g_unix_signal_add(SIGTERM, quit_on_signal, loop.get());
  const guint release =
      g_timeout_add_seconds(kReleaseFreeMemorySeconds, release_free_memory, nullptr);
  g_main_loop_run(loop.get());
  g_source_remove(release);
  g_source_remove(sigint);
  g_source_remove(sigterm);
  soup_server_disconnect(server.get());
  return 0;
}
