// Polish VAT number (NIP, Numer Identyfikacji Podatkowej).
#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {

// NIP, Rozporządzenie Ministra Finansów (weights 6,5,7,2,3,4,5,6,7 over digits 1-9; sum mod
// 11 is digit 10; a remainder of 10 is never issued).
// Rules: optional "PL" prefix; spaces, dots, dashes and slashes ignored; 10 digits; check.
ValidationResult validate_pl_vat_id(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, k_vat_separators, compact)) {
    return invalid_because("length");
  }
  const std::string_view digits = without_prefix(compact.view(), "PL");
  if (digits.size() != 10) {
    return invalid_because("length");
  }
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  constexpr std::array<int, 9> k_weights{6, 5, 7, 2, 3, 4, 5, 6, 7};
  int sum = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    sum += k_weights[i] * digit_value(digits[i]);
  }
  if (sum % 11 != digit_value(digits[9])) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
