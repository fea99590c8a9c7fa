// Request routing for the REST API: a table of (method, path pattern) → handler, with the
// password check and Lavalink's error shape applied in one place.
#pragma once

#include <libsoup/soup.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lava::server::http {

struct Request {
  SoupServerMessage* msg;
  std::string_view method;
  std::string_view path;
  std::vector<std::string> params;  // the `{}` segments of the matched pattern, in order
  GHashTable* query;                // may be null
  bool trace = false;               // ?trace=true: errors carry a trace

  // Query parameter value, or nullptr.
  const char* query_param(const char* name) const;
  // The request body (empty if none).
  std::string_view body() const;
};

// Constant-time comparison of the Authorization header with the configured password.
bool password_matches(const std::string& password, SoupMessageHeaders* headers);

using Handler = std::function<void(const Request&)>;

class Router {
 public:
  Router(std::string password, std::int64_t max_body_bytes)
      : password_(std::move(password)), max_body_bytes_(max_body_bytes) {}

  // `pattern` is a path whose `{}` segments match any single non-empty segment.
  void add(std::string method, std::string pattern, Handler handler);
  // Authorizes and dispatches one request; answers 401/404/405 itself.
  void dispatch(SoupServerMessage* msg, const char* path, GHashTable* query) const;
  bool authorized(SoupMessageHeaders* headers) const {
    return password_matches(password_, headers);
  }
  // Runs once the headers are in: caps the body buffer and refuses an announced body over the
  // limit (answered once the body has been read and dropped, or the read deadline passes).
  void check_announced_size(SoupServerMessage* msg, const char* path) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::string password_;
  std::int64_t max_body_bytes_;
  std::vector<Route> routes_;
};

}  // namespace lava::server::http
