// Steps shared by several validators (see validators_impl.hpp).
#include "validators_impl.hpp"

namespace piiscan::validators {

bool strip_separators(std::string_view value, const Separators& separators,
                      Compact& out) noexcept {
  // A local count: `out.size` would be reloaded after every store, as chars may alias it.
  std::size_t size = 0;
  for (char c : value) {
    if (separators.contains(c)) {
      continue;
    }
    if (size == Compact::k_capacity) {
      out.size = size;
      return false;
    }
    out.chars[size++] = c;
  }
  out.size = size;
  return true;
}

}  // namespace piiscan::validators
