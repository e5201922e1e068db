// Swiss social security number (AHV-Nummer / numéro AVS, AHVN13).
#include "validators_impl.hpp"

namespace piiscan::validators {

// AHVN13, Art. 133bis AHVV / ZAS; EAN-13 (GS1) check digit: digits weighted 1,3,1,3,... from
// the left, check = (10 - sum mod 10) mod 10.
// Rules: dots and spaces ignored ("756.9217.0769.85"); 13 digits; starts with 756 (the
// country prefix of Switzerland); digit 13 is the check digit.
ValidationResult validate_ch_ahv(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, ". ", number) || number.size != 13) {
    return invalid_because("length");
  }
  const std::string_view digits = number.view();
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  if (digits.substr(0, 3) != "756") {
    return invalid_because("country prefix");
  }
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    sum += digit_value(digits[i]) * (i % 2 == 0 ? 1 : 3);
  }
  if ((10 - sum % 10) % 10 != digit_value(digits[12])) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
