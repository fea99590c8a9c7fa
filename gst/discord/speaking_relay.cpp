#include "speaking_relay.h"

#include <glib-unix.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

#include "gateway_thread.h"

namespace lava::discord {

SpeakingRelay& SpeakingRelay::instance() {
  // Deliberately never destroyed, like the sender and the gateway thread it connects.
  static SpeakingRelay* relay = new SpeakingRelay();
  return *relay;
}

SpeakingRelay::SpeakingRelay() : event_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  GSource* source = g_unix_fd_source_new(event_fd_, G_IO_IN);
  g_source_set_callback(source, G_SOURCE_FUNC(+[](gint, GIOCondition, gpointer self) -> gboolean {
                          static_cast<SpeakingRelay*>(self)->deliver();
                          return G_SOURCE_CONTINUE;
                        }),
                        this, nullptr);
  g_source_attach(source, gateway_context());
  g_source_unref(source);
}

void SpeakingRelay::queue(std::shared_ptr<SenderStream> stream, bool speaking) {
  held_.emplace_back(std::move(stream), speaking);
}

void SpeakingRelay::hand_over() {
  if (held_.empty()) return;
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock) return;
  const bool was_empty = handed_.empty();
  for (auto& change : held_) handed_.push_back(std::move(change));
  held_.clear();
  lock.unlock();
  // One wake-up per batch of changes: a pending one already covers what was appended.
  if (was_empty) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(event_fd_, &one, sizeof one);
  }
}

void SpeakingRelay::deliver() {
  std::uint64_t count;
  [[maybe_unused]] const ssize_t n = read(event_fd_, &count, sizeof count);
  {
    std::lock_guard lock(mutex_);
    delivering_.swap(handed_);
  }
  for (auto& [stream, speaking] : delivering_) stream->notify_speaking(speaking);
  delivering_.clear();
}

}  // namespace lava::discord
