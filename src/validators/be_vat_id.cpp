// Belgian VAT / enterprise number (BTW-nummer / numéro de TVA, ondernemingsnummer).
#include "validators_impl.hpp"

namespace piiscan::validators {

// Enterprise number, KBO/BCE (Crossroads Bank for Enterprises): 10 digits, the last two are
// 97 - (first eight mod 97). Old 9-digit numbers are read with a leading 0.
// Rules: optional "BE" prefix; spaces, dots, dashes and slashes ignored; 9 or 10 digits; not
// zero; (first eight + last two) mod 97 = 0.
ValidationResult validate_be_vat_id(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, k_vat_separators, compact)) {
    return invalid_because("length");
  }
  const std::string_view digits = without_prefix(compact.view(), "BE");
  if (digits.size() != 9 && digits.size() != 10) {
    return invalid_because("length");
  }
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  if (digits.find_first_not_of('0') == std::string_view::npos) {
    return invalid_because("zero number");
  }
  long long head = 0;
  for (char c : digits.substr(0, digits.size() - 2)) {
    head = head * 10 + digit_value(c);
  }
  const int check = digit_value(digits[digits.size() - 2]) * 10 + digit_value(digits.back());
  if ((head + check) % 97 != 0) {
    return invalid_because("check digits");
  }
  return k_valid;
}

}  // namespace piiscan::validators
