// Luhn mod 10 (ISO/IEC 7812-1 Annex B), the check behind card numbers, IMEIs and many others.
#include "validators_impl.hpp"

namespace piiscan::validators {

int luhn_checksum(std::string_view digits) noexcept {
  int sum = 0;
  bool doubled = false;  // the rightmost digit (the check digit) is not doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    const int d = digit_value(*it);
    sum += doubled ? cross_sum(2 * d) : d;
    doubled = !doubled;
  }
  return sum % 10;
}

// Plain Luhn mod 10 (ISO/IEC 7812-1 Annex B) over a digit string.
// Rules: spaces and dashes are ignored; at least one digit; digits only otherwise;
// the Luhn sum including the last (check) digit is 0 mod 10.
ValidationResult validate_luhn(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, " -", number) || number.size == 0) {
    return invalid_because("length");
  }
  if (!all_digits(number.view())) {
    return invalid_because("characters");
  }
  if (luhn_checksum(number.view()) != 0) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
