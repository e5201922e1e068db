// Spanish VAT number (NIF-IVA: DNI, NIE or CIF).
#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

constexpr std::string_view k_dni_letters = "TRWAGMYFPDXBNJZSQVHLCKE";

char dni_letter(int lead, std::string_view digits) noexcept {
  long number = lead;
  for (char c : digits) {
    number = number * 10 + digit_value(c);
  }
  return k_dni_letters[static_cast<std::size_t>(number % 23)];
}

}  // namespace

// NIF, Real Decreto 1065/2007: DNI (8 digits + letter, number mod 23), NIE (X/Y/Z = 0/1/2 +
// 7 digits + letter), K/L/M (7 digits + DNI letter), CIF (entity letter + 7 digits + check digit
// or letter: Luhn check c of the 7 digits, letter "JABCDEFGHI"[c]).
// Rules: optional "ES" prefix; spaces, dots, dashes and slashes ignored; 9 characters; upper
// case; characters 2-8 digits; the check character matches the type's rule.
ValidationResult validate_es_vat_id(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, k_vat_separators, compact)) {
    return invalid_because("length");
  }
  const std::string_view nif = without_prefix(compact.view(), "ES");
  if (nif.size() != 9) {
    return invalid_because("length");
  }
  const char first = nif[0];
  const char last = nif[8];
  if (!all_digits(nif.substr(1, 7)) || !(is_digit(first) || is_upper(first)) ||
      !(is_digit(last) || is_upper(last))) {
    return invalid_because("characters");
  }
  char expected = 0;
  if (is_digit(first)) {
    expected = dni_letter(0, nif.substr(0, 8));
  } else if (first == 'X' || first == 'Y' || first == 'Z') {
    expected = dni_letter(first - 'X', nif.substr(1, 7));
  } else if (first == 'K' || first == 'L' || first == 'M') {
    expected = dni_letter(0, nif.substr(1, 7));
  } else if (std::string_view("ABCDEFGHJNPQRSUVW").find(first) != std::string_view::npos) {
    Compact digits;  // the 7 digits plus a 0 placeholder for the check digit
    strip_separators(nif.substr(1, 7), {}, digits);
    digits.chars[digits.size++] = '0';
    const int check = (10 - luhn_checksum(digits.view())) % 10;
    if (last == static_cast<char>('0' + check) || last == "JABCDEFGHI"[check]) {
      return k_valid;
    }
    return invalid_because("check character");
  } else {
    return invalid_because("entity type");
  }
  if (last != expected) {
    return invalid_because("check character");
  }
  return k_valid;
}

}  // namespace piiscan::validators
