// The address check of gstLavalink.blockPrivateAddresses, in process: which addresses count as
// private, and that a redirect is checked again (every test target is on loopback, so the refused
// set is narrowed to 127.0.0.2 here to have an allowed address to redirect from).
#include <gtest/gtest.h>
#include <libsoup/soup.h>

#include <thread>

#include "config.h"
#include "media_server.h"
#include "sources/loader.h"
#include "sources/source_guard.h"

namespace {

using lava::GObjectPtr;
using lava::server::sources::is_private_address;

bool is_private(const char* text) {
  GObjectPtr<GInetAddress> a(g_inet_address_new_from_string(text));
  EXPECT_TRUE(a) << text;
  return a && is_private_address(a.get());
}

TEST(SourceGuard, PrivateAddresses) {
  for (const char* a : {"127.0.0.1",
                        "127.8.9.10",
                        "10.1.2.3",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.1.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "0.0.0.0",
                        "0.1.2.3",
                        "224.0.0.1",
                        "255.255.255.255",
                        "198.18.0.1",
                        "::1",
                        "::",
                        "fe80::1",
                        "fc00::1",
                        "fd12:3456::1",
                        "ff02::1",
                        "::ffff:127.0.0.1",
                        "::ffff:10.0.0.1",
                        "::ffff:169.254.169.254",
                        "::127.0.0.1"})
    EXPECT_TRUE(is_private(a)) << a;
  for (const char* a : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1", "100.128.0.1",
                        "2606:4700::1111", "::ffff:8.8.8.8", "2001:db8::1"})
    EXPECT_FALSE(is_private(a)) << a;
}

// Redirects every request to `redirect_to`.
class Redirector {
 public:
  explicit Redirector(const char* address) {
    server_.reset(SOUP_SERVER(g_object_new(SOUP_TYPE_SERVER, nullptr)));
    soup_server_add_handler(server_.get(), nullptr, &Redirector::on_request, this, nullptr);
    GObjectPtr<GInetAddress> a(g_inet_address_new_from_string(address));
    GObjectPtr<GSocketAddress> sa(g_inet_socket_address_new(a.get(), 0));
    ok_ = soup_server_listen(server_.get(), sa.get(), static_cast<SoupServerListenOptions>(0),
                             nullptr);
    GSList* uris = soup_server_get_uris(server_.get());
    if (uris)
      base_ = "http://" + std::string(address) + ":" +
              std::to_string(g_uri_get_port(static_cast<GUri*>(uris->data)));
    g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
  }
  bool ok() const { return ok_; }
  std::string url(const std::string& path) const { return base_ + path; }
  std::string redirect_to;

 private:
  static void on_request(SoupServer*, SoupServerMessage* msg, const char*, GHashTable*,
                         gpointer self) {
    soup_server_message_set_redirect(msg, SOUP_STATUS_FOUND,
                                     static_cast<Redirector*>(self)->redirect_to.c_str());
  }
  GObjectPtr<SoupServer> server_;
  std::string base_;
  bool ok_ = false;
};

bool refuse_127_0_0_2(GInetAddress* a) {
  GObjectPtr<GInetAddress> blocked(g_inet_address_new_from_string("127.0.0.2"));
  return g_inet_address_equal(a, blocked.get());
}

// Loads `identifier` with the node's own loader, serving the test servers meanwhile.
std::string load_type(lava::server::sources::Loader& loader, const std::string& identifier) {
  bool done = false;
  std::string type;
  loader.load(identifier, [&](const lava::server::sources::LoadResult& r) {
    using T = lava::server::sources::LoadResult::Type;
    type = r.type == T::kTrack ? "track" : r.type == T::kError ? "error" : "other";
    done = true;
  });
  const gint64 deadline = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
  while (!done && g_get_monotonic_time() < deadline) g_main_context_iteration(nullptr, TRUE);
  return type;
}

TEST(SourceGuard, RedirectsAreCheckedAgain) {
  lava::test::MediaServer media;  // on 127.0.0.1
  media.add("/tone.ogg", lava::test::make_tone(3, "vorbisenc ! oggmux", "Guard", "gst-lavalink"),
            "audio/ogg");
  Redirector allowed("127.0.0.1"), blocked("127.0.0.2");
  ASSERT_TRUE(allowed.ok());
  if (!blocked.ok()) GTEST_SKIP() << "cannot listen on 127.0.0.2";
  blocked.redirect_to = media.url("/tone.ogg");
  lava::server::Config config;
  config.block_private_addresses = true;
  lava::server::sources::Loader loader(config);
  lava::server::sources::set_refused_addresses(refuse_127_0_0_2);

  EXPECT_EQ(load_type(loader, media.url("/tone.ogg")), "track");
  EXPECT_EQ(load_type(loader, blocked.url("/x.ogg")), "error");
  allowed.redirect_to = media.url("/tone.ogg");
  EXPECT_EQ(load_type(loader, allowed.url("/x.ogg")), "track");
  allowed.redirect_to = blocked.url("/x.ogg");
  EXPECT_EQ(load_type(loader, allowed.url("/x.ogg")), "error");
  lava::server::sources::set_refused_addresses(nullptr);
  EXPECT_EQ(load_type(loader, allowed.url("/x.ogg")), "track");
}

}  // namespace
