// Unit tests for the "eu_vat_id" validator (src/validators/eu_vat_id.cpp and the per-country
// files fr_vat_id.cpp, it_vat_id.cpp, nl_vat_id.cpp, be_vat_id.cpp, pl_vat_id.cpp,
// es_vat_id.cpp). Specimens are the examples published with python-stdnum and the national
// tax administrations; none belongs to a person.
#include <initializer_list>
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

int weighted(const std::string& digits, std::initializer_list<int> weights) {
  int sum = 0;
  std::size_t i = 0;
  for (int w : weights) {
    sum += w * digit(digits[i++]);
  }
  return sum;
}

bool reference_luhn(const std::string& digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const int d = digit(digits[digits.size() - 1 - i]);
    sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return sum % 10 == 0;
}

bool reference_pl(const std::string& s) {  // "PL" + 10 digits
  return weighted(s.substr(2), {6, 5, 7, 2, 3, 4, 5, 6, 7}) % 11 == digit(s[11]);
}

bool reference_be(const std::string& s) {  // "BE" + 10 digits
  return (std::stoll(s.substr(2, 8)) + std::stoi(s.substr(10, 2))) % 97 == 0;
}

bool reference_it(const std::string& s) {  // "IT" + 11 digits
  const std::string office = s.substr(9, 3);
  const bool office_ok = (office >= "001" && office <= "100") || office == "120" ||
                         office == "121" || office == "888" || office == "999";
  return s.substr(2, 7) != "0000000" && office_ok && reference_luhn(s.substr(2));
}

bool reference_nl(const std::string& s) {  // "NL" + 9 digits + "B" + 2 digits
  const std::string digits = s.substr(2, 9);
  const int elf = weighted(digits, {9, 8, 7, 6, 5, 4, 3, 2}) - digit(digits[8]);
  std::string expanded;  // MOD 97-10 over "NL" + number with letters as two digits
  for (char c : s) {
    expanded += (c >= 'A' && c <= 'Z') ? std::to_string(c - 'A' + 10) : std::string(1, c);
  }
  int remainder = 0;
  for (char c : expanded) {
    remainder = (remainder * 10 + digit(c)) % 97;
  }
  return digits != "000000000" && s.substr(12) != "00" && (elf % 11 == 0 || remainder == 1);
}

}  // namespace

TEST_CASE("eu_vat_id: one specimen per country and malformed values", "[validators][eu_vat_id]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"DE136695976", valid},
      {"DE 136 695 976", valid},
      {"ATU13585627", valid},
      {"FR40303265045", valid},  // numeric key
      {"FR 40 303 265 045", valid},
      {"FRK7399859412", valid},  // alphanumeric key
      {"IT00743110157", valid},
      {"NL004495445B01", valid},  // elfproef
      {"NL123456789B13", valid},  // MOD 97-10 (sole proprietors since 2020)
      {"BE0403019261", valid},
      {"BE403019261", valid},  // old 9-digit form
      {"PL8567346215", valid},
      {"ESB58378431", valid},           // CIF
      {"ESX2482300W", valid},           // NIE
      {"ES54362315K", valid},           // DNI
      {"ESM1234567L", valid},           // K/L/M with DNI letter
      {"CHE-100.155.212 MWST", valid},  // Swiss VAT via the UID rules
      {"FI20774740", not_applicable},   // EU member, national check not implemented yet
      {"EL094259216", not_applicable},  // Greece uses EL in VIES
      {"DE136695978", invalid},         // check digit
      {"ATU13585628", invalid},         // check digit
      {"FR41303265045", invalid},       // key
      {"FRI7399859412", invalid},       // I is not a key character
      {"IT00743110158", invalid},       // Luhn
      {"IT00743111157", invalid},       // office code 111 does not exist
      {"NL004495445B00", invalid},      // suffix 00
      {"NL004495446B01", invalid},      // neither elfproef nor MOD 97-10
      {"NL04495445B01", invalid},       // 8 digits (no zero padding): length
      {"BE0403019262", invalid},        // check digits
      {"PL8567346216", invalid},        // check digit
      {"ESB58378432", invalid},         // CIF check
      {"ES54362315A", invalid},         // DNI letter
      {"ESI58378431", invalid},         // I is no entity type
      {"US123456789", invalid},         // not a VIES prefix: country code
      {"GB980780684", invalid},         // the UK left VIES (XI is Northern Ireland)
      {"de136695976", invalid},         // lower case: country code
      {"D", invalid},                   // too short
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("eu_vat_id", value) == expected);
}

TEST_CASE("eu_vat_id: failed steps", "[validators][eu_vat_id]") {
  CHECK(step_of("eu_vat_id", "US123456789") == "country code");
  CHECK(step_of("eu_vat_id", "FR41303265045") == "check key");
  CHECK(step_of("eu_vat_id", "IT00743111157") == "office code");
  CHECK(step_of("eu_vat_id", "ESI58378431") == "entity type");
  CHECK(step_of("eu_vat_id", "DE136695978") == "check digit");
}

TEST_CASE("eu_vat_id: generated numbers per country", "[validators][eu_vat_id]") {
  std::mt19937 rng(2006);
  const auto digits = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      s += k_digits[rng() % 10];
    }
    return s;
  };
  for (int i = 0; i < 200; ++i) {
    const std::string pl = digits(9);
    const int pl_check = weighted(pl, {6, 5, 7, 2, 3, 4, 5, 6, 7}) % 11;
    if (pl_check < 10) {
      CHECK(verdict_of("eu_vat_id", "PL" + pl + std::to_string(pl_check)) == valid);
    }
    const std::string be = "0" + digits(7);
    const int be_check = 97 - static_cast<int>(std::stoll(be) % 97);
    CHECK(verdict_of("eu_vat_id",
                     "BE" + be + (be_check < 10 ? "0" : "") + std::to_string(be_check)) == valid);
    std::string siren = digits(8);
    for (char c : k_digits) {
      if (reference_luhn(siren + c)) {
        siren += c;
        break;
      }
    }
    const int key = static_cast<int>((std::stoll(siren) * 100 + 12) % 97);
    CHECK(verdict_of("eu_vat_id", "FR" + std::string(key < 10 ? "0" : "") + std::to_string(key) +
                                      siren) == valid);
    const std::string dni = digits(8);
    CHECK(verdict_of("eu_vat_id", "ES" + dni + "TRWAGMYFPDXBNJZSQVHLCKE"[std::stol(dni) % 23]) ==
          valid);
  }
}

TEST_CASE("eu_vat_id: single corruptions follow the national rules", "[validators][eu_vat_id]") {
  CHECK(check_single_substitutions("eu_vat_id", "PL8567346215", k_digits, reference_pl) > 0);
  CHECK(check_single_substitutions("eu_vat_id", "BE0403019261", k_digits, reference_be) ==
        10 * 9);  // MOD 97 catches every single substitution
  CHECK(check_single_substitutions("eu_vat_id", "IT00743110157", k_digits, reference_it) ==
        11 * 9);  // Luhn catches every single substitution
  check_single_substitutions("eu_vat_id", "NL004495445B01", k_digits, reference_nl);
  check_single_substitutions("eu_vat_id", "NL123456789B13", k_digits, reference_nl);
}
