// Austrian social insurance number (Sozialversicherungsnummer, VSNR, § 31 ASVG).
#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {

// VSNR, Dachverband der Sozialversicherungsträger (§ 31 (4) Z 1 ASVG): 3-digit serial, check
// digit, birth date DDMMYY; check = sum of digits weighted 3,7,9,-,5,8,4,2,1,6 mod 11.
// Rules: spaces ignored; 10 digits; first digit not 0; a remainder of 10 means the serial is
// never issued (invalid); the 4th digit equals the remainder.
// The date part is not checked: it may legitimately hold impossible dates (overflow numbers).
ValidationResult validate_at_social_insurance(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, " ", number) || number.size != 10) {
    return invalid_because("length");
  }
  const std::string_view digits = number.view();
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  if (digits[0] == '0') {
    return invalid_because("leading zero");
  }
  constexpr std::array<int, 10> k_weights{3, 7, 9, 0, 5, 8, 4, 2, 1, 6};
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    sum += k_weights[i] * digit_value(digits[i]);
  }
  if (sum % 11 != digit_value(digits[3])) {  // a remainder of 10 never matches
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
