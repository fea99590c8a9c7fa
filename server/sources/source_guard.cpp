#include "source_guard.h"

#include <gst/gst.h>
#include <libsoup/soup.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

#include "gobject_ptr.h"

namespace lava::server::sources {

namespace {

struct Policy {
  std::vector<std::string> roots;
  bool local = false;
  bool http = false;
};

// Written once before any pipeline exists, read from streaming threads afterwards.
Policy policy;
std::atomic<AddressFilter> refused_addresses{nullptr};

std::string real_path(const std::string& path) {
  char* real = path.empty() ? nullptr : realpath(path.c_str(), nullptr);
  std::string out = real ? real : "";
  std::free(real);
  return out;
}

// An error posted from source-setup itself gets lost while uridecodebin changes state, so the
// refusal happens on the source's first output (stream-start, or data): one error message, which
// ends the probe or the track, and nothing the source produces goes further.
struct Refusal {
  std::string reason;
  std::atomic<bool> posted{false};
};

GstPadProbeReturn on_refused_output(GstPad* pad, GstPadProbeInfo*, gpointer refusal_ptr) {
  auto* refusal = static_cast<Refusal*>(refusal_ptr);
  if (!refusal->posted.exchange(true)) {
    GstObjectPtr<GstElement> source(GST_ELEMENT(gst_pad_get_parent(pad)));
    GST_ELEMENT_ERROR(source.get(), RESOURCE, NOT_AUTHORIZED, ("%s", refusal->reason.c_str()),
                      (nullptr));
  }
  return GST_PAD_PROBE_DROP;
}

void refuse(GstElement* source, const std::string& what, const char* why) {
  g_message("media source refused: %s (%s)", what.c_str(), why);
  GstObjectPtr<GstPad> pad(gst_element_get_static_pad(source, "src"));
  if (!pad) return;
  auto* refusal = new Refusal{what + " is not allowed: " + why};
  gst_pad_add_probe(
      pad.get(),
      static_cast<GstPadProbeType>(GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_BUFFER |
                                   GST_PAD_PROBE_TYPE_BUFFER_LIST),
      on_refused_output, refusal, [](gpointer r) { delete static_cast<Refusal*>(r); });
}

gboolean on_source_setup(GSignalInvocationHint*, guint n_values, const GValue* values, gpointer) {
  if (n_values < 2) return TRUE;
  auto* source = GST_ELEMENT(g_value_get_object(&values[1]));
  if (source) guard_source(source);
  return TRUE;
}

bool is_websocket(SoupMessage* msg) {
  return soup_message_headers_get_one(soup_message_get_request_headers(msg), "Upgrade") != nullptr;
}

gboolean on_network_event(GSignalInvocationHint*, guint n_values, const GValue* values, gpointer) {
  const AddressFilter filter = refused_addresses.load();
  if (!filter || n_values < 3) return TRUE;
  if (g_value_get_enum(&values[1]) != G_SOCKET_CLIENT_CONNECTED) return TRUE;
  auto* msg = SOUP_MESSAGE(g_value_get_object(&values[0]));
  auto* stream = static_cast<GObject*>(g_value_get_object(&values[2]));
  if (is_websocket(msg) || !G_IS_SOCKET_CONNECTION(stream)) return TRUE;
  GSocketConnection* connection = G_SOCKET_CONNECTION(stream);
  GObjectPtr<GSocketAddress> peer(g_socket_connection_get_remote_address(connection, nullptr));
  if (!peer || !G_IS_INET_SOCKET_ADDRESS(peer.get())) return TRUE;
  GInetAddress* address = g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(peer.get()));
  if (!filter(address)) return TRUE;
  GCharPtr text(g_inet_address_to_string(address));
  GCharPtr uri(g_uri_to_string_partial(soup_message_get_uri(msg), G_URI_HIDE_PASSWORD));
  g_message("HTTP connection refused: %s resolved to %s (gstLavalink.blockPrivateAddresses)",
            uri.get(), text.get());
  // Nothing has been sent yet; the request fails with an I/O error.
  g_socket_close(g_socket_connection_get_socket(connection), nullptr);
  return TRUE;
}

GType type_of(const char* factory_name) {
  GstElementFactory* factory = gst_element_factory_find(factory_name);
  if (!factory) return G_TYPE_INVALID;
  GstPluginFeature* loaded = gst_plugin_feature_load(GST_PLUGIN_FEATURE(factory));
  gst_object_unref(factory);
  if (!loaded) return G_TYPE_INVALID;
  const GType type = gst_element_factory_get_element_type(GST_ELEMENT_FACTORY(loaded));
  gst_object_unref(loaded);
  return type;
}

// Signals exist once their class does: the class reference is kept for the process's life.
void hook(const char* signal, GType type, GSignalEmissionHook callback) {
  if (type == G_TYPE_INVALID) return;
  g_type_class_ref(type);
  const guint id = g_signal_lookup(signal, type);
  if (id)
    g_signal_add_emission_hook(id, 0, callback, nullptr, nullptr);
  else
    g_warning("cannot guard media sources: no %s signal on %s", signal, g_type_name(type));
}

}  // namespace

Confinement confine_path(const std::string& path, const std::vector<std::string>& roots,
                         std::string* resolved) {
  std::string local = path;
  if (path.starts_with("file://")) {
    GCharPtr p(g_filename_from_uri(path.c_str(), nullptr, nullptr));
    local = p ? p.get() : "";
  }
  const std::string real = real_path(local);
  if (real.empty()) return Confinement::kMissing;
  for (const std::string& root : roots) {
    std::string prefix = real_path(root);
    if (prefix.empty()) continue;
    if (!prefix.ends_with("/")) prefix += "/";
    if (real.starts_with(prefix)) {
      *resolved = real;
      return Confinement::kInside;
    }
  }
  return Confinement::kOutside;
}

bool is_private_address(GInetAddress* address) {
  const gsize size = g_inet_address_get_native_size(address);
  const auto* b = g_inet_address_to_bytes(address);
  if (size == 16) {
    // ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address: judge that one.
    bool zeros = true;
    for (int i = 0; i < 10; ++i) zeros = zeros && b[i] == 0;
    const bool mapped = zeros && b[10] == 0xff && b[11] == 0xff;
    const bool compatible = zeros && b[10] == 0 && b[11] == 0 && (b[12] | b[13] | b[14]) != 0;
    if (mapped || compatible) {
      GObjectPtr<GInetAddress> v4(g_inet_address_new_from_bytes(b + 12, G_SOCKET_FAMILY_IPV4));
      return is_private_address(v4.get());
    }
    if ((b[0] & 0xfe) == 0xfc) return true;  // fc00::/7 unique local
  } else {
    if (b[0] == 0) return true;                           // 0.0.0.0/8
    if (b[0] == 100 && (b[1] & 0xc0) == 64) return true;  // 100.64.0.0/10 shared (CGNAT)
    if (b[0] == 198 && (b[1] & 0xfe) == 18) return true;  // 198.18.0.0/15 benchmarking
    if (b[0] == 255) return true;                         // broadcast
  }
  return g_inet_address_get_is_loopback(address) || g_inet_address_get_is_site_local(address) ||
         g_inet_address_get_is_link_local(address) || g_inet_address_get_is_any(address) ||
         g_inet_address_get_is_multicast(address);
}

void guard_media_sources(const Config& config) {
  static std::once_flag once;
  std::call_once(once, [&config] {
    policy = {config.local_roots, config.sources.at("local"), config.sources.at("http")};
    if (config.block_private_addresses) refused_addresses = is_private_address;
    // The loader's discoverer reads through uridecodebin; players call guard_source on the
    // source they make for each track.
    hook("source-setup", type_of("uridecodebin"), on_source_setup);
    hook("network-event", SOUP_TYPE_MESSAGE, on_network_event);
  });
}

void guard_source(GstElement* source) {
  GstElementFactory* factory = gst_element_get_factory(source);
  const std::string kind = factory ? GST_OBJECT_NAME(factory) : "";
  if (kind == "souphttpsrc") {
    if (!policy.http) refuse(source, "an HTTP source", "lavalink.server.sources.http is off");
  } else if (kind == "filesrc") {
    gchar* location = nullptr;
    g_object_get(source, "location", &location, nullptr);
    const std::string path = location ? location : "";
    g_free(location);
    std::string resolved;
    if (!policy.local)
      refuse(source, path, "lavalink.server.sources.local is off");
    else if (confine_path(path, policy.roots, &resolved) != Confinement::kInside)
      refuse(source, path, "not under gstLavalink.localRoots");
  } else {
    refuse(source, "a " + kind + " source", "only http(s) and local files are played");
  }
}

void set_refused_addresses(AddressFilter filter) {
  refused_addresses = filter;
}

}  // namespace lava::server::sources
