#include "scalars.h"

#include <glib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace lava::pipelines {

namespace {

bool has_space(std::string_view text) {
  return text.empty() ||
         std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

std::optional<std::int64_t> parse_int64(std::string_view text) {
  if (has_space(text)) return std::nullopt;
  std::string s(text);
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 0);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return v;
}

std::optional<std::uint64_t> parse_uint64(std::string_view text) {
  if (has_space(text) || text.front() == '-') return std::nullopt;
  std::string s(text);
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str(), &end, 0);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view text) {
  if (has_space(text)) return std::nullopt;
  std::string s(text);
  errno = 0;
  char* end = nullptr;
  // g_ascii_strtod ignores the locale, so "0.5" means the same everywhere.
  double v = g_ascii_strtod(s.c_str(), &end);
  if (errno != 0 || *end != '\0' || std::isnan(v)) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view text) {
  std::string s(text);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  return std::nullopt;
}

}  // namespace lava::pipelines
