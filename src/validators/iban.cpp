// IBAN: ISO 13616-1 structure, SWIFT IBAN registry lengths and BBAN formats, ISO 7064 MOD 97-10.
#include <algorithm>
#include <array>
#include <cstdint>

#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

struct IbanCountry {
  std::string_view code;
  int length;             // total IBAN length
  std::string_view bban;  // BBAN format from the registry: count + n (digits), a (A-Z), c (A-Z0-9)
};

// SWIFT IBAN registry (release 2025): every country with an IBAN format, sorted by code.
constexpr std::array k_countries{
    IbanCountry{"AD", 24, "8n12c"},    IbanCountry{"AE", 23, "3n16n"},
    IbanCountry{"AL", 28, "8n16c"},    IbanCountry{"AT", 20, "16n"},
    IbanCountry{"AZ", 28, "4a20c"},    IbanCountry{"BA", 20, "16n"},
    IbanCountry{"BE", 16, "12n"},      IbanCountry{"BG", 22, "4a6n8c"},
    IbanCountry{"BH", 22, "4a14c"},    IbanCountry{"BI", 27, "23n"},
    IbanCountry{"BR", 29, "23n1a1c"},  IbanCountry{"BY", 28, "4c4n16c"},
    IbanCountry{"CH", 21, "5n12c"},    IbanCountry{"CR", 22, "18n"},
    IbanCountry{"CY", 28, "8n16c"},    IbanCountry{"CZ", 24, "20n"},
    IbanCountry{"DE", 22, "18n"},      IbanCountry{"DJ", 27, "23n"},
    IbanCountry{"DK", 18, "14n"},      IbanCountry{"DO", 28, "4c20n"},
    IbanCountry{"EE", 20, "16n"},      IbanCountry{"EG", 29, "25n"},
    IbanCountry{"ES", 24, "20n"},      IbanCountry{"FI", 18, "14n"},
    IbanCountry{"FK", 18, "2a12n"},    IbanCountry{"FO", 18, "14n"},
    IbanCountry{"FR", 27, "10n11c2n"}, IbanCountry{"GB", 22, "4a14n"},
    IbanCountry{"GE", 22, "2a16n"},    IbanCountry{"GI", 23, "4a15c"},
    IbanCountry{"GL", 18, "14n"},      IbanCountry{"GR", 27, "7n16c"},
    IbanCountry{"GT", 28, "4c20c"},    IbanCountry{"HN", 28, "4a20n"},
    IbanCountry{"HR", 21, "17n"},      IbanCountry{"HU", 28, "24n"},
    IbanCountry{"IE", 22, "4a14n"},    IbanCountry{"IL", 23, "19n"},
    IbanCountry{"IQ", 23, "4a15n"},    IbanCountry{"IS", 26, "22n"},
    IbanCountry{"IT", 27, "1a10n12c"}, IbanCountry{"JO", 30, "4a4n18c"},
    IbanCountry{"KW", 30, "4a22c"},    IbanCountry{"KZ", 20, "3n13c"},
    IbanCountry{"LB", 28, "4n20c"},    IbanCountry{"LC", 32, "4a24c"},
    IbanCountry{"LI", 21, "5n12c"},    IbanCountry{"LT", 20, "16n"},
    IbanCountry{"LU", 20, "3n13c"},    IbanCountry{"LV", 21, "4a13c"},
    IbanCountry{"LY", 25, "21n"},      IbanCountry{"MC", 27, "10n11c2n"},
    IbanCountry{"MD", 24, "20c"},      IbanCountry{"ME", 22, "18n"},
    IbanCountry{"MK", 19, "3n10c2n"},  IbanCountry{"MN", 20, "16n"},
    IbanCountry{"MR", 27, "23n"},      IbanCountry{"MT", 31, "4a5n18c"},
    IbanCountry{"MU", 30, "4a19n3a"},  IbanCountry{"NI", 28, "4a20n"},
    IbanCountry{"NL", 18, "4a10n"},    IbanCountry{"NO", 15, "11n"},
    IbanCountry{"OM", 23, "3n16c"},    IbanCountry{"PK", 24, "4a16c"},
    IbanCountry{"PL", 28, "24n"},      IbanCountry{"PS", 29, "4a21c"},
    IbanCountry{"PT", 25, "21n"},      IbanCountry{"QA", 29, "4a21c"},
    IbanCountry{"RO", 24, "4a16c"},    IbanCountry{"RS", 22, "18n"},
    IbanCountry{"RU", 33, "14n15c"},   IbanCountry{"SA", 24, "2n18c"},
    IbanCountry{"SC", 31, "4a20n3a"},  IbanCountry{"SD", 18, "14n"},
    IbanCountry{"SE", 24, "20n"},      IbanCountry{"SI", 19, "15n"},
    IbanCountry{"SK", 24, "20n"},      IbanCountry{"SM", 27, "1a10n12c"},
    IbanCountry{"SO", 23, "19n"},      IbanCountry{"ST", 25, "21n"},
    IbanCountry{"SV", 28, "4a20n"},    IbanCountry{"TL", 23, "19n"},
    IbanCountry{"TN", 24, "20n"},      IbanCountry{"TR", 26, "6n16c"},
    IbanCountry{"UA", 29, "6n19c"},    IbanCountry{"VA", 22, "18n"},
    IbanCountry{"VG", 24, "4a16n"},    IbanCountry{"XK", 20, "16n"},
    IbanCountry{"YE", 30, "4a4n18c"},
};

// Sum of the counts in a BBAN format string, for the consistency check below.
constexpr int bban_length(std::string_view format) {
  int total = 0;
  int count = 0;
  for (char c : format) {
    if (is_digit(c)) {
      count = count * 10 + digit_value(c);
    } else {
      total += count;
      count = 0;
    }
  }
  return total;
}

constexpr bool table_is_consistent() {
  for (std::size_t i = 0; i < k_countries.size(); ++i) {
    if (bban_length(k_countries[i].bban) + 4 != k_countries[i].length ||
        (i > 0 && !(k_countries[i - 1].code < k_countries[i].code))) {
      return false;
    }
  }
  return true;
}
static_assert(table_is_consistent(), "BBAN formats must add up to the IBAN length, codes sorted");

// Position of a two-letter code in a 26 x 26 table.
constexpr std::size_t letter_pair_slot(std::string_view code) {
  return static_cast<std::size_t>(code[0] - 'A') * 26 + static_cast<std::size_t>(code[1] - 'A');
}

// k_countries' index of each country code (k_no_country where none): a lookup is one load, where
// a binary search of string comparisons cost a tenth of an IBAN's validation.
constexpr std::uint8_t k_no_country = 0xFF;
constexpr auto k_country_index = [] {
  std::array<std::uint8_t, 26 * 26> index{};
  index.fill(k_no_country);
  for (std::size_t i = 0; i < k_countries.size(); ++i) {
    index[letter_pair_slot(k_countries[i].code)] = static_cast<std::uint8_t>(i);
  }
  return index;
}();
static_assert(k_countries.size() < k_no_country);

// The registry entry of the two characters `code`, or nullptr.
const IbanCountry* find_country(std::string_view code) noexcept {
  if (!is_upper(code[0]) || !is_upper(code[1])) {
    return nullptr;
  }
  const std::uint8_t index = k_country_index[letter_pair_slot(code)];
  return index == k_no_country ? nullptr : &k_countries[index];
}

bool matches_bban(std::string_view bban, std::string_view format) noexcept {
  std::size_t pos = 0;
  int count = 0;
  for (char kind : format) {
    if (is_digit(kind)) {
      count = count * 10 + digit_value(kind);
      continue;
    }
    for (; count > 0; --count, ++pos) {
      const char c = bban[pos];
      const bool ok = kind == 'n' ? is_digit(c) : kind == 'a' ? is_upper(c) : true;
      if (!ok) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

// ISO 13616-1:2020 IBAN, SWIFT IBAN registry, ISO/IEC 7064 MOD 97-10.
// Rules: spaces and dashes are ignored; letters may be lower case (upper-cased here);
// A-Z/0-9 only; country code in the registry; the registry length for that country;
// the BBAN matches the registry's character classes; check digits 02-98; the rearranged
// number (BBAN + country + check digits) is 1 mod 97.
// Not checked: national BBAN check digits (e.g. Bundesbank methods for DE).
ValidationResult validate_iban(std::string_view value) noexcept {
  Compact iban;
  if (!strip_separators(value, " -", iban) || iban.size < 5) {
    return invalid_because("length");
  }
  for (std::size_t i = 0; i < iban.size; ++i) {
    char& c = iban.chars[i];
    c = is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
    if (!is_digit(c) && !is_upper(c)) {
      return invalid_because("characters");
    }
  }
  const std::string_view text = iban.view();
  const IbanCountry* country = find_country(text.substr(0, 2));
  if (country == nullptr) {
    return invalid_because("country code");
  }
  if (static_cast<int>(text.size()) != country->length) {
    return invalid_because("length for country");
  }
  if (!all_digits(text.substr(2, 2)) || text.substr(2, 2) < "02" || text.substr(2, 2) > "98") {
    return invalid_because("check digits range");
  }
  if (!matches_bban(text.substr(4), country->bban)) {
    return invalid_because("bban format");
  }
  Compact rearranged;  // BBAN, then country code and check digits
  std::rotate_copy(text.begin(), text.begin() + 4, text.end(), rearranged.chars.begin());
  rearranged.size = text.size();
  if (iso7064_mod97_remainder(rearranged.view()) != 1) {
    return invalid_because("check digits");
  }
  return k_valid;
}

}  // namespace piiscan::validators
