// French VAT number (numéro de TVA intracommunautaire).
#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

// Key alphabet of the DGFiP: digits and letters without I and O.
constexpr std::string_view k_key_alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

long long parse_number(std::string_view digits) noexcept {
  long long n = 0;
  for (char c : digits) {
    n = n * 10 + digit_value(c);
  }
  return n;
}

}  // namespace

// TVA intracommunautaire, CGI art. 286 ter; 2-character key + 9-digit SIREN (INSEE, Luhn).
// Numeric key = (SIREN * 100 + 12) mod 97; alphanumeric keys (DGFiP, as documented by
// python-stdnum fr.tva): c = i0 * 24 + i1 - 10 when the first key character is a digit,
// else i0 * 34 + i1 - 100 (i = index in the key alphabet); valid when
// (SIREN + 1 + c / 11) mod 11 == c mod 11.
// Rules: optional "FR" prefix; spaces, dots, dashes and slashes ignored; 11 characters; key
// characters from 0-9 A-Z without I and O; SIREN digits; SIREN passes Luhn unless it starts
// with 000 (entities without SIREN); the key matches.
ValidationResult validate_fr_vat_id(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, k_vat_separators, compact)) {
    return invalid_because("length");
  }
  const std::string_view number = without_prefix(compact.view(), "FR");
  if (number.size() != 11) {
    return invalid_because("length");
  }
  const std::size_t i0 = k_key_alphabet.find(number[0]);
  const std::size_t i1 = k_key_alphabet.find(number[1]);
  const std::string_view siren = number.substr(2);
  if (i0 == std::string_view::npos || i1 == std::string_view::npos || !all_digits(siren)) {
    return invalid_because("characters");
  }
  if (siren.substr(0, 3) != "000" && luhn_checksum(siren) != 0) {
    return invalid_because("siren check digit");
  }
  const long long n = parse_number(siren);
  if (i0 < 10 && i1 < 10) {
    if (static_cast<long long>(i0 * 10 + i1) != (n * 100 + 12) % 97) {
      return invalid_because("check key");
    }
    return k_valid;
  }
  const long long c = i0 < 10 ? static_cast<long long>(i0 * 24 + i1) - 10
                              : static_cast<long long>(i0 * 34 + i1) - 100;
  if ((n + 1 + c / 11) % 11 != c % 11) {
    return invalid_because("check key");
  }
  return k_valid;
}

}  // namespace piiscan::validators
