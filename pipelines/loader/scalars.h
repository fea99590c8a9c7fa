// Strict readers for YAML scalars: the whole text must be the value, or there is none.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lava::pipelines {

std::optional<std::int64_t> parse_int64(std::string_view text);
std::optional<std::uint64_t> parse_uint64(std::string_view text);
std::optional<double> parse_double(std::string_view text);
// YAML 1.1 booleans: true/false, yes/no, on/off (any case).
std::optional<bool> parse_bool(std::string_view text);

}  // namespace lava::pipelines
