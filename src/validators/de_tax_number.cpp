// German tax number (Steuernummer, St.-Nr.) issued by the Länder tax offices: structure only.
#include <array>

#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

// Leading digits of the 13-digit unified federal form (ELSTER), one per Land: 28 BW, 9 BY,
// 11 BE, 30 BB, 24 HB, 22 HH, 26 HE, 40 MV, 23 NI, 5 NW, 27 RP, 10 SL, 32 SN, 31 ST, 21 SH, 41 TH.
constexpr std::array<std::string_view, 16> k_land_prefixes{
    "28", "9", "11", "30", "24", "22", "26", "40", "23", "5", "27", "10", "32", "31", "21", "41"};

}  // namespace

// Steuernummer: Länder formats (10 or 11 digits, e.g. "21/815/08150", "181/815/08155",
// "133/8150/8159") and the 13-digit unified federal form (Land code + tax office + 0 + district
// + serial + check digit), format table as in Wikipedia "Steuernummer" / python-stdnum de.stnr.
// Rules: spaces, slashes, dots and dashes ignored; digits only; 10, 11 or 13 digits; a 13-digit
// number starts with a Land code and has 0 as its fifth digit.
// The check digit method differs per Land and tax office and is not published uniformly, so a
// number that fits is `not_applicable` (the rule's base score stands), never `valid`.
ValidationResult validate_de_tax_number(std::string_view value) noexcept {
  Compact number;
  if (!strip_separators(value, " /.-", number)) {
    return invalid_because("length");
  }
  const std::string_view digits = number.view();
  if (!all_digits(digits)) {
    return invalid_because("characters");
  }
  if (digits.size() == 10 || digits.size() == 11) {
    return {Verdict::not_applicable, {}};
  }
  if (digits.size() != 13) {
    return invalid_because("length");
  }
  bool known_land = false;
  for (std::string_view prefix : k_land_prefixes) {
    known_land = known_land || digits.substr(0, prefix.size()) == prefix;
  }
  if (!known_land) {
    return invalid_because("land code");
  }
  if (digits[4] != '0') {
    return invalid_because("format");
  }
  return {Verdict::not_applicable, {}};
}

}  // namespace piiscan::validators
