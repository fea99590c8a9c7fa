// Byte containers and the error-carrying result type shared by the MLS/DAVE library.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace lava::dave {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline Bytes concat(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

inline bool equal(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// A value or the reason there is none. Parsers and protocol steps return this instead of
// throwing, so every failure reaches the caller as text it can log or post.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  static Result failure(std::string why) {
    Result r;
    r.error_ = std::move(why);
    return r;
  }
  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return error_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  Result() = default;
  std::optional<T> value_;
  std::string error_;
};

// Success-or-reason for steps that produce nothing.
class Status {
 public:
  Status() = default;
  static Status failure(std::string why) {
    Status s;
    s.error_ = std::move(why);
    s.failed_ = true;
    return s;
  }
  template <class T>
  static Status from(const Result<T>& r) {
    return r.ok() ? Status() : failure(r.error());
  }
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
  bool failed_ = false;
};

}  // namespace lava::dave
