#include "voice_endpoint.h"

#include <gio/gio.h>

#include "gobject_ptr.h"

namespace lava::discord {
namespace {

bool is_loopback_host(const char* host) {
  if (g_ascii_strcasecmp(host, "localhost") == 0) return true;
  GObjectPtr<GInetAddress> addr(g_inet_address_new_from_string(host));
  return addr && g_inet_address_get_is_loopback(addr.get());
}

}  // namespace

VoiceUrl voice_gateway_url(const std::string& endpoint) {
  if (endpoint.empty()) return {{}, "empty voice endpoint"};
  const bool has_scheme = endpoint.find("://") != std::string::npos;
  const std::string candidate = has_scheme ? endpoint : "wss://" + endpoint;
  GError* error = nullptr;
  GUri* uri = g_uri_parse(candidate.c_str(), G_URI_FLAGS_NONE, &error);
  if (!uri) {
    VoiceUrl bad{{}, std::string("invalid voice endpoint: ") + error->message};
    g_error_free(error);
    return bad;
  }
  const char* scheme = g_uri_get_scheme(uri);
  const char* host = g_uri_get_host(uri);
  VoiceUrl result;
  if (!host || !*host) {
    result.error = "voice endpoint has no host";
  } else if (g_strcmp0(scheme, "wss") != 0 && g_strcmp0(scheme, "ws") != 0) {
    result.error = std::string("voice endpoint scheme must be wss:// (got ") + scheme + ")";
  } else if (g_strcmp0(scheme, "ws") == 0 && !is_loopback_host(host)) {
    result.error = "unencrypted ws:// is only allowed for a loopback host";
  } else {
    const char* path = g_uri_get_path(uri);
    GUri* with_version = g_uri_build(G_URI_FLAGS_NONE, scheme, nullptr, host, g_uri_get_port(uri),
                                     path && *path ? path : "/", "v=8", nullptr);
    GCharPtr text(g_uri_to_string(with_version));
    g_uri_unref(with_version);
    result.url = text.get();
  }
  g_uri_unref(uri);
  return result;
}

}  // namespace lava::discord
