#include "gateway_thread.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace lava::discord {

GMainContext* gateway_context() {
  // Deliberately never freed: gateways may still be closing while the process exits.
  static GMainContext* context = [] {
    GMainContext* ctx = g_main_context_new();
    std::thread([ctx] {
      g_main_context_push_thread_default(ctx);
      GMainLoop* loop = g_main_loop_new(ctx, FALSE);
      g_main_loop_run(loop);
    }).detach();
    return ctx;
  }();
  return context;
}

void on_gateway_thread(std::function<void()> fn) {
  GSource* source = g_idle_source_new();
  g_source_set_priority(source, G_PRIORITY_DEFAULT);
  auto* owned = new std::function<void()>(std::move(fn));
  g_source_set_callback(
      source,
      [](gpointer data) -> gboolean {
        (*static_cast<std::function<void()>*>(data))();
        return G_SOURCE_REMOVE;
      },
      owned, [](gpointer data) { delete static_cast<std::function<void()>*>(data); });
  g_source_attach(source, gateway_context());
  g_source_unref(source);
}

}  // namespace lava::discord

namespace lava::discord {

void on_gateway_thread_sync(const std::function<void()>& fn) {
  // Already there (an application's bus sync handler reacting to our message): run inline.
  if (g_main_context_is_owner(gateway_context())) return fn();
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  on_gateway_thread([&] {
    fn();
    std::lock_guard lock(mutex);
    done = true;
    done_cv.notify_one();
  });
  std::unique_lock lock(mutex);
  done_cv.wait(lock, [&] { return done; });
}

}  // namespace lava::discord
