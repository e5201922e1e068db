// Payment card numbers: ISO/IEC 7812 length, issuer (IIN) ranges of the major networks, Luhn.
#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

struct IssuerRange {
  int low;              // lowest prefix of `digits` digits, inclusive
  int high;             // highest prefix, inclusive
  int digits;           // prefix length the range is written in
  int required_length;  // 0 = any length from 12 to 19
};

constexpr std::array k_issuers{
    IssuerRange{4, 4, 1, 0},        // Visa
    IssuerRange{51, 55, 2, 0},      // Mastercard
    IssuerRange{2221, 2720, 4, 0},  // Mastercard 2-series
    IssuerRange{34, 34, 2, 15},     // American Express
    IssuerRange{37, 37, 2, 15},     // American Express
    IssuerRange{6011, 6011, 4, 0},  // Discover
    IssuerRange{644, 649, 3, 0},    // Discover
    IssuerRange{65, 65, 2, 0},      // Discover
    IssuerRange{3528, 3589, 4, 0},  // JCB
    IssuerRange{300, 305, 3, 0},    // Diners Club
    IssuerRange{36, 36, 2, 0},      // Diners Club
    IssuerRange{38, 38, 2, 0},      // Diners Club
    IssuerRange{50, 50, 2, 0},      // Maestro
    IssuerRange{56, 69, 2, 0},      // Maestro
    IssuerRange{62, 62, 2, 0},      // UnionPay
};

int prefix_value(std::string_view digits, int length) noexcept {
  int value = 0;
  for (int i = 0; i < length; ++i) {
    value = value * 10 + digit_value(digits[static_cast<std::size_t>(i)]);
  }
  return value;
}

}  // namespace

// Payment card number: ISO/IEC 7812-1 (length 12-19, Luhn check digit, Annex B) and the
// published issuer ranges of Visa, Mastercard, American Express, Discover, JCB, Diners Club,
// Maestro and UnionPay.
// Rules: spaces and dashes are ignored; digits only; 12-19 digits; not all one digit;
// the prefix lies in an issuer range (American Express: 34/37 and exactly 15 digits); Luhn.
ValidationResult validate_credit_card(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, " -", number)) {
    return invalid_because("length");
  }
  const std::string_view digits = number.view();
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  if (digits.size() < 12 || digits.size() > 19) {
    return invalid_because("length");
  }
  if (digits.find_first_not_of(digits[0]) == std::string_view::npos) {
    return invalid_because("repeated digit");
  }
  const IssuerRange* issuer = nullptr;
  for (const IssuerRange& range : k_issuers) {
    const int prefix = prefix_value(digits, range.digits);
    if (prefix >= range.low && prefix <= range.high) {
      issuer = &range;
      break;
    }
  }
  if (issuer == nullptr) {
    return invalid_because("issuer");
  }
  if (issuer->required_length != 0 && static_cast<int>(digits.size()) != issuer->required_length) {
    return invalid_because("length for issuer");
  }
  if (luhn_checksum(digits) != 0) {
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
