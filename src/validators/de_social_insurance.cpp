// German pension/social insurance number (Versicherungsnummer, RVNR/VSNR, § 147 SGB VI).
#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {

// Versicherungsnummer, § 147 SGB VI and § 2 VKVV; check digit per the DRV "Berechnung der
// Prüfziffer" (letter -> 01-26, weights 2,1,2,5,7,1,2,1,2,1,2,1, cross sum of each product,
// sum mod 10).
// Rules: spaces ignored; 12 characters: 2-digit area number, birth date DDMMYY (day 01-31,
// month 01-12), initial of the birth name (A-Z), 2-digit serial number, check digit.
// Not accepted: special birth-date encodings for unproven dates or exhausted serial numbers
// (§ 2 (3), (5) VKVV delegate them to rules we could not cite).
ValidationResult validate_de_social_insurance(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, " ", number) || number.size != 12) {
    return invalid_because("length");
  }
  const std::string_view text = number.view();
  if (!all_digits(text.substr(0, 8)) || !is_upper(text[8]) || !all_digits(text.substr(9, 3))) {
    return invalid_because("characters");
  }
  const int day = digit_value(text[2]) * 10 + digit_value(text[3]);
  const int month = digit_value(text[4]) * 10 + digit_value(text[5]);
  if (day < 1 || day > 31 || month < 1 || month > 12) {
    return invalid_because("birth date");
  }
  // The letter becomes its two-digit position in the alphabet: 12 digits in all.
  const int letter = text[8] - 'A' + 1;
  const std::array<int, 12> digits{
      digit_value(text[0]), digit_value(text[1]), digit_value(text[2]), digit_value(text[3]),
      digit_value(text[4]), digit_value(text[5]), digit_value(text[6]), digit_value(text[7]),
      letter / 10,          letter % 10,          digit_value(text[9]), digit_value(text[10])};
  constexpr std::array<int, 12> k_weights{2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1};
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    sum += cross_sum(digits[i] * k_weights[i]);
  }
  if (sum % 10 != digit_value(text[11])) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
