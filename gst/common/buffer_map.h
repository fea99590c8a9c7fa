// Scoped GstBuffer mapping: unmapped on every exit path.
#pragma once

#include <gst/gst.h>

#include <cstddef>
#include <span>

namespace lava {

class BufferMap {
 public:
  BufferMap(GstBuffer* buffer, GstMapFlags flags) : buffer_(buffer) {
    mapped_ = gst_buffer_map(buffer_, &info_, flags);
  }
  ~BufferMap() {
    if (mapped_) gst_buffer_unmap(buffer_, &info_);
  }
  BufferMap(const BufferMap&) = delete;
  BufferMap& operator=(const BufferMap&) = delete;

  explicit operator bool() const { return mapped_; }
  std::byte* data() const { return reinterpret_cast<std::byte*>(info_.data); }
  std::size_t size() const { return info_.size; }

  // Whole samples of type T; a trailing partial sample is not exposed.
  template <typename T>
  std::span<T> as() const {
    return {reinterpret_cast<T*>(info_.data), info_.size / sizeof(T)};
  }

 private:
  GstBuffer* buffer_;
  GstMapInfo info_{};
  bool mapped_ = false;
};

}  // namespace lava
