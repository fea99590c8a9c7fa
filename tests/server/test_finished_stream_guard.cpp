// The sequence souphttpsrc runs into under load: its request's response has arrived, and before
// its session thread takes the result, another thread cancels the request (a flushing seek, a
// state change, the player torn down). libsoup 3.2 then finishes the message, and frees the
// response stream nobody took by closing it through the finished message: a NULL call at
// libsoup-3.0.so.0.6.0+0x4f780 that killed the node. Each case runs in a child process, so a
// crash fails the test instead of the whole binary.
#include <gtest/gtest.h>
#include <libsoup/soup.h>

#include <cstdlib>
#include <string>

#include "gobject_ptr.h"
#include "media_server.h"
#include "sources/finished_stream_guard.h"

using lava::GObjectPtr;
using lava::test::MediaServer;

namespace {

// Large enough that the body is still being read when the headers are in.
const std::string& body() {
  static const std::string b(1 << 20, 'x');
  return b;
}

struct Send {
  GCancellable* cancellable;
  GInputStream* stream = nullptr;
  GError* error = nullptr;
  bool done = false;
};

void cancel_then_finish(GObject* session, GAsyncResult* result, gpointer send_ptr) {
  auto* send = static_cast<Send*>(send_ptr);
  g_cancellable_cancel(send->cancellable);
  send->stream = soup_session_send_finish(SOUP_SESSION(session), result, &send->error);
  send->done = true;
}

// A GET whose cancellable is cancelled between the response and soup_session_send_finish(); the
// request fails as cancelled, and the same message can be sent again, as souphttpsrc does after a
// flush: read and closed early (which must finish it, or the last send finds it still queued),
// then read whole.
void cancel_after_response(const std::string& url) {
  GMainContext* context = g_main_context_new();
  g_main_context_push_thread_default(context);
  {
    GObjectPtr<SoupSession> session(soup_session_new());
    GObjectPtr<GCancellable> cancellable(g_cancellable_new());
    GObjectPtr<SoupMessage> msg(soup_message_new("GET", url.c_str()));
    Send send{cancellable.get()};
    soup_session_send_async(session.get(), msg.get(), G_PRIORITY_DEFAULT, cancellable.get(),
                            cancel_then_finish, &send);
    while (!send.done) g_main_context_iteration(context, TRUE);
    EXPECT_EQ(send.stream, nullptr);
    EXPECT_TRUE(g_error_matches(send.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    g_clear_error(&send.error);
    g_clear_object(&send.stream);

    GObjectPtr<GInputStream> stream(soup_session_send(session.get(), msg.get(), nullptr, nullptr));
    ASSERT_TRUE(stream);
    char head[16];
    EXPECT_EQ(g_input_stream_read(stream.get(), head, sizeof head, nullptr, nullptr),
              gssize(sizeof head));
    EXPECT_TRUE(g_input_stream_close(stream.get(), nullptr, nullptr));

    GError* error = nullptr;
    GBytes* bytes = soup_session_send_and_read(session.get(), msg.get(), nullptr, &error);
    ASSERT_TRUE(bytes) << error->message;
    EXPECT_EQ(g_bytes_get_size(bytes), body().size());
    g_bytes_unref(bytes);
  }
  while (g_main_context_iteration(context, FALSE)) {
  }
  g_main_context_pop_thread_default(context);
  g_main_context_unref(context);
}

void run_in_child(const std::string& url) {
  cancel_after_response(url);
  std::exit(::testing::Test::HasFailure() ? 1 : 0);
}

}  // namespace

TEST(FinishedStreamGuard, RequestCancelledAsItsResponseArrivesFailsAsCancelled) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  MediaServer media;
  media.add("/big", body(), "application/octet-stream");
  EXPECT_EXIT(
      {
        lava::server::sources::guard_finished_message_streams();
        run_in_child(media.url("/big"));
      },
      ::testing::ExitedWithCode(0), "");
}
