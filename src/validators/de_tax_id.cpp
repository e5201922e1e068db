// German tax identification number (Steuerliche Identifikationsnummer, IdNr, § 139b AO).
#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {

// IdNr, § 139b AO; check digit ISO/IEC 7064 MOD 11,10; structure rules as published by the
// BZSt/ZfA ("Informationen zur Berechnung gültiger Prüfziffern", cited by python-stdnum #286).
// Rules: spaces, dots, dashes and slashes ignored; 11 digits; first digit not 0; in digits
// 1-10 exactly one digit occurs twice or three times and every other digit at most once;
// a digit occurring three times must not fill three adjacent positions (rule for numbers
// issued since 2016); digit 11 is the MOD 11,10 check digit over digits 1-10.
// python-stdnum (de.idnr) has no adjacency rule; we are stricter there on purpose, since no
// issued number can have it (see tests/differential/stdnum_diff.py).
ValidationResult validate_de_tax_id(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, " ./-", number) || number.size != 11) {
    return invalid_because("length");
  }
  const std::string_view digits = number.view();
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  if (digits[0] == '0') {
    return invalid_because("leading zero");
  }
  std::array<int, 10> count{};
  for (char c : digits.substr(0, 10)) {
    ++count[static_cast<std::size_t>(digit_value(c))];
  }
  int repeated = 0;
  int repeated_digit = -1;
  for (int d = 0; d < 10; ++d) {
    const int n = count[static_cast<std::size_t>(d)];
    if (n > 3) {
      return invalid_because("digit distribution");
    }
    if (n > 1) {
      ++repeated;
      repeated_digit = d;
    }
  }
  if (repeated != 1) {
    return invalid_because("digit distribution");
  }
  const char triple[] = {static_cast<char>('0' + repeated_digit),
                         static_cast<char>('0' + repeated_digit),
                         static_cast<char>('0' + repeated_digit)};
  if (digits.substr(0, 10).find(std::string_view(triple, 3)) != std::string_view::npos) {
    return invalid_because("adjacent repetition");
  }
  if (iso7064_mod11_10_check_digit(digits.substr(0, 10)) != digit_value(digits[10])) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
