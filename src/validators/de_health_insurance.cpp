// German health insurance number (Krankenversichertennummer, KVNR, § 290 SGB V).
#include "validators_impl.hpp"

namespace piiscan::validators {

// KVNR (unchangeable part), § 290 SGB V, check digit per Anlage 1 of the GKV-Spitzenverband
// KVNR guideline ("Prüfziffernberechnung"): the letter becomes 01-26, the resulting 10 digits
// are weighted 1,2,1,2,...; products are cross-summed; sum mod 10 is the check digit.
// Rules: spaces ignored; 10 characters: letter A-Z, 8 digits, check digit.
ValidationResult validate_de_health_insurance(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, " ", number) || number.size != 10) {
    return invalid_because("length");
  }
  const std::string_view text = number.view();
  if (!is_upper(text[0]) || !all_digits(text.substr(1))) {
    return invalid_because("characters");
  }
  const int letter = text[0] - 'A' + 1;
  int sum = cross_sum(letter / 10 * 1) + cross_sum(letter % 10 * 2);
  for (std::size_t i = 1; i < 9; ++i) {
    const int weight = (i % 2 == 1) ? 1 : 2;  // positions 3..10 of the 10-digit expansion
    sum += cross_sum(digit_value(text[i]) * weight);
  }
  if (sum % 10 != digit_value(text[9])) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
