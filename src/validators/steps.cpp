// Steps shared by several validators (see validators_impl.hpp).
#include "validators_impl.hpp"

namespace piiscan::validators {

bool strip_separators(std::string_view value, std::string_view separators, Compact& out) noexcept {
  out.size = 0;
  for (char c : value) {
    if (separators.find(c) != std::string_view::npos) {
      continue;
    }
    if (out.size == Compact::k_capacity) {
      return false;
    }
    out.chars[out.size++] = c;
  }
  return true;
}

}  // namespace piiscan::validators
