// Business Identifier Code (BIC, SWIFT code), ISO 9362.
#include "validators_impl.hpp"

namespace piiscan::validators {

// BIC, ISO 9362:2022: 4-letter business party prefix, 2-letter ISO 3166-1 country code,
// 2-character location code, optional 3-character branch code.
// Rules: 8 or 11 characters, no separators, upper case; letters A-Z in positions 1-4; an
// assigned ISO 3166-1 alpha-2 code (or XK) in positions 5-6; A-Z/0-9 in positions 7-11.
// Stricter than python-stdnum bic, which accepts any two letters as the country.
ValidationResult validate_bic(std::string_view value) noexcept {
  if (value.size() != 8 && value.size() != 11) {
    return invalid_because("length");
  }
  if (!all_upper(value.substr(0, 4))) {
    return invalid_because("party prefix");
  }
  if (!is_iso3166_alpha2(value.substr(4, 2))) {
    return invalid_because("country code");
  }
  for (char c : value.substr(6)) {
    if (!is_digit(c) && !is_upper(c)) {
      return invalid_because("location or branch");
    }
  }
  return k_valid;
}

}  // namespace piiscan::validators
