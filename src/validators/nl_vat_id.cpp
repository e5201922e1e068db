// Dutch VAT number (btw-identificatienummer / omzetbelastingnummer).
#include "validators_impl.hpp"

namespace piiscan::validators {

// btw-nummer, Belastingdienst: 9 digits + "B" + 2-digit suffix. Older numbers (RSIN/BSN based)
// pass the "elfproef" (weights 9..2 on digits 1-8, minus digit 9, mod 11 = 0); numbers issued
// since 2020 to sole proprietors pass ISO/IEC 7064 MOD 97-10 over "NL" + the 12 characters.
// Rules: optional "NL" prefix; spaces, dots, dashes and slashes ignored; 12 characters;
// 9 digits not all zero; "B"; suffix 01-99; either check passes.
ValidationResult validate_nl_vat_id(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, k_vat_separators, compact)) {
    return invalid_because("length");
  }
  const std::string_view number = without_prefix(compact.view(), "NL");
  if (number.size() != 12) {
    return invalid_because("length");
  }
  const std::string_view digits = number.substr(0, 9);
  const std::string_view suffix = number.substr(10, 2);
  if (!all_digits(digits) || number[9] != 'B' || !all_digits(suffix)) {
    return invalid_because("characters");
  }
  if (digits == "000000000" || suffix == "00") {
    return invalid_because("zero number");
  }
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    sum += static_cast<int>(9 - i) * digit_value(digits[i]);
  }
  const bool elfproef = (sum - digit_value(digits[8])) % 11 == 0;
  Compact with_country;  // "NL" + number, for the MOD 97-10 check
  strip_separators("NL", {}, with_country);
  for (char c : number) {
    with_country.chars[with_country.size++] = c;
  }
  if (!elfproef && iso7064_mod97_remainder(with_country.view()) != 1) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
