#include "modified_utf8.h"

#include <cstdint>

namespace lava::server::track {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

void put3(std::string& out, char32_t c) {
  out += static_cast<char>(0xE0 | (c >> 12));
  out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out += static_cast<char>(0x80 | (c & 0x3F));
}

void put_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    put3(out, c);
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Reads one UTF-8 sequence at `i` (advancing it); returns U+FFFD for malformed input.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<std::uint8_t>(s[i++]);
  int extra = 0;
  char32_t c = 0;
  if (b0 < 0x80) return b0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    c = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    c = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    c = b0 & 0x07;
  } else {
    return kReplacement;
  }
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<std::uint8_t>(s[i]) & 0xC0) != 0x80) return kReplacement;
    c = (c << 6) | (static_cast<std::uint8_t>(s[i++]) & 0x3F);
  }
  return c > 0x10FFFF ? kReplacement : c;
}

bool is_high_surrogate(char32_t c) {
  return c >= 0xD800 && c <= 0xDBFF;
}
bool is_low_surrogate(char32_t c) {
  return c >= 0xDC00 && c <= 0xDFFF;
}

}  // namespace

std::string to_modified_utf8(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t c = next_code_point(utf8, i);
    if (is_high_surrogate(c) || is_low_surrogate(c)) c = kReplacement;
    if (c == 0) {
      out += static_cast<char>(0xC0);
      out += static_cast<char>(0x80);
    } else if (c >= 0x10000) {
      const char32_t v = c - 0x10000;
      put3(out, 0xD800 + (v >> 10));
      put3(out, 0xDC00 + (v & 0x3FF));
    } else {
      put_utf8(out, c);
    }
  }
  return out;
}

std::string from_modified_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    char32_t c = next_code_point(bytes, i);
    if (is_high_surrogate(c)) {
      std::size_t j = i;
      const char32_t low = j < bytes.size() ? next_code_point(bytes, j) : 0;
      if (is_low_surrogate(low)) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        i = j;
      } else {
        c = kReplacement;
      }
    } else if (is_low_surrogate(c)) {
      c = kReplacement;
    }
    put_utf8(out, c);
  }
  return out;
}

}  // namespace lava::server::track
