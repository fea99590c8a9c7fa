#include "router.h"

#include <cstring>

#include "request_guard.h"
#include "response.h"

namespace lava::server::http {

namespace {

// libsoup before 3.3.0 never notices that a client closed a kept-alive connection while it was
// idle: the socket stays in CLOSE_WAIT with its descriptor for good (GNOME/libsoup commit
// d20c6601). With such a libsoup every REST connection ends with its response.
bool idle_connections_leak() {
  return soup_get_major_version() == 3 && soup_get_minor_version() < 3;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& segments,
           std::vector<std::string>& params) {
  if (pattern.size() != segments.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == "{}")
      params.push_back(segments[i]);
    else if (pattern[i] != segments[i])
      return false;
  }
  return true;
}

}  // namespace

const char* Request::query_param(const char* name) const {
  return query ? static_cast<const char*>(g_hash_table_lookup(query, name)) : nullptr;
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  routes_.push_back({std::move(method), split_path(pattern), std::move(handler)});
}

std::string_view Request::body() const {
  return capped_request_body(msg, nullptr);
}

bool password_matches(const std::string& password, SoupMessageHeaders* headers) {
  const char* given = soup_message_headers_get_one(headers, "Authorization");
  if (!given) return false;
  const std::size_t n = std::strlen(given);
  // Fold every byte into the result so timing does not reveal the matching prefix length.
  unsigned char diff = n == password.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i)
    diff |= static_cast<unsigned char>(given[i]) ^
            static_cast<unsigned char>(password.empty() ? 0 : password[i % password.size()]);
  return diff == 0;
}

void Router::check_announced_size(SoupServerMessage* msg, const char* path) const {
  cap_request_body(msg, max_body_bytes_);
  SoupMessageHeaders* headers = soup_server_message_get_request_headers(msg);
  if (soup_message_headers_get_content_length(headers) <= max_body_bytes_) return;
  Request req{msg, soup_server_message_get_method(msg), path, {}, nullptr};
  respond_error(req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Request body too large");
  // libsoup still reads (and the cap drops) the body before answering; the connection must
  // not then be reused for whatever the client sends after a body it may not finish.
  soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection",
                               "close");
}

void Router::dispatch(SoupServerMessage* msg, const char* path, GHashTable* query) const {
  Request req{msg, soup_server_message_get_method(msg), path, {}, query};
  static const bool close_after_response = idle_connections_leak();
  if (close_after_response)
    soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection",
                                 "close");
  const char* trace = req.query_param("trace");
  req.trace = trace && std::strcmp(trace, "true") == 0;

  if (!authorized(soup_server_message_get_request_headers(msg))) {
    respond_error(req, SOUP_STATUS_UNAUTHORIZED, "Unauthorized");
    return;
  }
  // Chunked bodies announce no size; check what arrived.
  bool too_large = false;
  capped_request_body(msg, &too_large);
  if (too_large) {
    respond_error(req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Request body too large");
    return;
  }
  const std::vector<std::string> segments = split_path(req.path);
  bool path_known = false;
  for (const Route& route : routes_) {
    if (!match(route.segments, segments, req.params)) continue;
    path_known = true;
    if (route.method != req.method) continue;
    route.handler(req);
    return;
  }
  if (path_known)
    respond_error(req, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed");
  else
    respond_error(req, SOUP_STATUS_NOT_FOUND, "Not found");
}

}  // namespace lava::server::http
