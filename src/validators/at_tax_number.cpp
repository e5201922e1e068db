// Austrian tax number (Steuernummer / Abgabenkontonummer).
#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

// Tax office numbers (Finanzamtsnummern) as listed in Wikipedia "Abgabenkontonummer" (BMF).
constexpr std::array<std::string_view, 40> k_tax_offices{
    "03", "04", "06", "07", "08", "09", "10", "12", "15", "16", "18", "22", "23", "29",
    "33", "38", "41", "46", "51", "52", "53", "54", "57", "59", "61", "65", "67", "68",
    "69", "71", "72", "81", "82", "83", "84", "90", "91", "93", "97", "98"};

}  // namespace

// Abgabenkontonummer: 2-digit tax office + 6-digit tax number + check digit, as in
// python-stdnum at.tin: digits 1-8 added up, every second one (2, 4, 6, 8) doubled and
// cross-summed as in Luhn; check = (10 - sum mod 10) mod 10.
// Rules: spaces, dashes, slashes and dots ignored ("12-345/6789"); 9 digits; the tax office
// exists; digit 9 is the check digit.
ValidationResult validate_at_tax_number(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, " -/.", number) || number.size != 9) {
    return invalid_because("length");
  }
  const std::string_view digits = number.view();
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const int d = digit_value(digits[i]);
    sum += (i % 2 == 1) ? cross_sum(2 * d) : d;
  }
  if ((10 - sum % 10) % 10 != digit_value(digits[8])) {
    return invalid_because("check digit");
  }
  bool office_known = false;
  for (std::string_view office : k_tax_offices) {
    office_known = office_known || digits.substr(0, 2) == office;
  }
  if (!office_known) {
    return invalid_because("tax office");
  }
  return k_valid;
}

}  // namespace piiscan::validators
