// Swiss enterprise identification number (UID / IDE / IDI), also the VAT number (MWST/TVA/IVA).
#include <array>
#include <initializer_list>

#include "validators_impl.hpp"

namespace piiscan::validators {

// UID, UIDG / UIDV (Bundesamt für Statistik, "UID: Aufbau und Prüfziffer"): "CHE" + 8 digits
// + check digit; weights 5,4,3,2,7,6,5,4; check = (11 - sum mod 11) mod 11, 10 never issued.
// Rules: dashes, dots and spaces ignored ("CHE-100.155.212"); upper case "CHE"; 9 digits;
// an optional VAT suffix MWST, TVA, IVA or TPV (Romansh) after the digits.
ValidationResult validate_ch_uid(std::string_view value) noexcept {
  Compact compact;
  if (!strip_separators(value, "-. ", compact)) {
    return invalid_because("length");
  }
  std::string_view number = compact.view();
  for (std::string_view suffix : {"MWST", "TVA", "IVA", "TPV"}) {
    if (number.size() > suffix.size() && number.substr(number.size() - suffix.size()) == suffix) {
      number.remove_suffix(suffix.size());
      break;
    }
  }
  if (number.substr(0, 3) != "CHE") {
    return invalid_because("prefix");
  }
  const std::string_view digits = number.substr(3);
  if (digits.size() != 9) {
    return invalid_because("length");
  }
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  constexpr std::array<int, 8> k_weights{5, 4, 3, 2, 7, 6, 5, 4};
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    sum += k_weights[i] * digit_value(digits[i]);
  }
  if ((11 - sum % 11) % 11 != digit_value(digits[8])) {  // 10 never matches a digit
    return invalid_because("check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
