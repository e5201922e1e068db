// Parsing of human sizes for --max-file-size.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace piiscan::cli {

// "500", "64K", "10M", "2G", "1T" (binary units; an optional trailing "B" or "iB").
std::optional<std::uint64_t> parse_size(std::string_view text) noexcept;

}  // namespace piiscan::cli
