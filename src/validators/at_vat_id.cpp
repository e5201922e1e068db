// Austrian VAT identification number (Umsatzsteuer-Identifikationsnummer, UID).
#include "validators_impl.hpp"

namespace piiscan::validators {

// UID, BMF "Prüfziffernberechnung UID" (Luhn variant over the 7 digits after "U": check =
// (6 - Luhn sum) mod 10), as in python-stdnum at.uid.
// Rules: optional "AT" prefix; spaces, dots, dashes and slashes ignored; "U" + 8 digits;
// digit 8 is the check digit.
ValidationResult validate_at_vat_id(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, k_vat_separators, compact)) {
    return invalid_because("length");
  }
  const std::string_view number = without_prefix(compact.view(), "AT");
  if (number.size() != 9) {
    return invalid_because("length");
  }
  if (number[0] != 'U' || !all_digits(number.substr(1))) {
    return invalid_because("characters");
  }
  // Luhn doubles every second digit from the right of the 7 digits, i.e. digits 2, 4 and 6.
  const int luhn_sum = luhn_checksum(number.substr(1, 7));
  if ((6 - luhn_sum + 10) % 10 != digit_value(number[8])) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
