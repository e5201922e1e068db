// Steps shared by several validators (see validators_impl.hpp).
#include "validators_impl.hpp"

namespace piiscan::validators {

bool strip_separators(std::string_view value, std::string_view separators, Compact& out) noexcept {
  out.size = 0;
  // A loop over the few separators, not string_view::find: that called memchr for every
  // character (a third of an IBAN's validation).
  const auto is_separator = [separators](char c) {
    for (const char separator : separators) {
      if (c == separator) {
        return true;
      }
    }
    return false;
  };
  for (char c : value) {
    if (is_separator(c)) {
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
