// Italian VAT number (Partita IVA).
#include "validators_impl.hpp"

namespace piiscan::validators {

// Partita IVA, DPR 633/1972 art. 35; 7-digit taxpayer number, 3-digit provincial office code,
// Luhn check digit.
// Rules: optional "IT" prefix; spaces, dots, dashes and slashes ignored; 11 digits; digits 1-7
// not all zero; office code 001-100, 120, 121, 888 or 999; Luhn over all 11 digits.
ValidationResult validate_it_vat_id(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, k_vat_separators, compact)) {
    return invalid_because("length");
  }
  const std::string_view digits = without_prefix(compact.view(), "IT");
  if (digits.size() != 11) {
    return invalid_because("length");
  }
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  if (digits.substr(0, 7) == "0000000") {
    return invalid_because("taxpayer number");
  }
  const std::string_view office = digits.substr(7, 3);
  if (!((office >= "001" && office <= "100") || office == "120" || office == "121" ||
        office == "888" || office == "999")) {
    return invalid_because("office code");
  }
  if (luhn_checksum(digits) != 0) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
