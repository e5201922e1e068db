#include "cli/size.hpp"

#include <cctype>

namespace piiscan::cli {

std::optional<std::uint64_t> parse_size(std::string_view text) noexcept {
  std::uint64_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    if (value > (UINT64_MAX - 9) / 10) {
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i == 0) {
    return std::nullopt;
  }
  std::string_view unit = text.substr(i);
  if (unit == "B" || unit.empty()) {
    return value;
  }
  if (unit.size() == 3 && unit.substr(1) == "iB") {
    unit = unit.substr(0, 1);
  } else if (unit.size() == 2 && unit[1] == 'B') {
    unit = unit.substr(0, 1);
  }
  int shift = 0;
  switch (unit.size() == 1 ? std::toupper(static_cast<unsigned char>(unit[0])) : 0) {
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    case 'T': shift = 40; break;
    default: return std::nullopt;
  }
  if (value > (UINT64_MAX >> shift)) {
    return std::nullopt;
  }
  return value << shift;
}

}  // namespace piiscan::cli
