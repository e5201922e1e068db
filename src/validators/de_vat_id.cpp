// German VAT identification number (Umsatzsteuer-Identifikationsnummer, USt-IdNr., § 27a UStG).
#include "validators_impl.hpp"

namespace piiscan::validators {

// USt-IdNr., § 27a UStG; check digit ISO/IEC 7064 MOD 11,10 (BZSt).
// Rules: optional "DE" prefix; spaces, dots, dashes and slashes ignored; 9 digits; first digit
// not 0; digit 9 is the MOD 11,10 check digit over digits 1-8.
ValidationResult validate_de_vat_id(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, k_vat_separators, compact)) {
    return invalid_because("length");
  }
  const std::string_view digits = without_prefix(compact.view(), "DE");
  if (digits.size() != 9) {
    return invalid_because("length");
  }
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  if (digits[0] == '0') {
    return invalid_because("leading zero");
  }
  if (iso7064_mod11_10_check_digit(digits.substr(0, 8)) != digit_value(digits[8])) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
