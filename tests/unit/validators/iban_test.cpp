// Unit tests for the "iban" validator (src/validators/iban.cpp).
// All IBANs are the SWIFT IBAN registry's published examples or generated here; none is real.
#include <cctype>
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

// Slow reference for ISO 7064 MOD 97-10: expand letters to two digits, then long division.
int reference_mod97(const std::string& alnum) {
  std::string digits;
  for (char c : alnum) {
    digits += (c >= 'A' && c <= 'Z') ? std::to_string(c - 'A' + 10) : std::string(1, c);
  }
  int remainder = 0;
  for (char c : digits) {
    remainder = (remainder * 10 + digit(c)) % 97;
  }
  return remainder;
}

// Reference IBAN rule for one country: `classes` has one of n/a/c per BBAN position.
bool reference_iban(const std::string& iban, const std::string& country,
                    const std::string& classes) {
  if (iban.size() != classes.size() + 4 || iban.substr(0, 2) != country) {
    return false;
  }
  const std::string check = iban.substr(2, 2);
  if (!std::isdigit(static_cast<unsigned char>(check[0])) ||
      !std::isdigit(static_cast<unsigned char>(check[1])) || check < "02" || check > "98") {
    return false;
  }
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const char c = iban[i + 4];
    const bool digit_ok = c >= '0' && c <= '9';
    const bool letter_ok = c >= 'A' && c <= 'Z';
    if ((classes[i] == 'n' && !digit_ok) || (classes[i] == 'a' && !letter_ok) ||
        (classes[i] == 'c' && !digit_ok && !letter_ok)) {
      return false;
    }
  }
  return reference_mod97(iban.substr(4) + iban.substr(0, 4)) == 1;
}

std::string with_check_digits(const std::string& country, const std::string& bban) {
  const int check = 98 - reference_mod97(bban + country + "00");
  return country + (check < 10 ? "0" : "") + std::to_string(check) + bban;
}

}  // namespace

TEST_CASE("iban: registry examples and malformed values", "[validators][iban]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"DE89 3704 0044 0532 0130 00", valid},
      {"DE89370400440532013000", valid},
      {"de89 3704 0044 0532 0130 00", valid},  // lower case, as typed in e-mails
      {"DE89-3704-0044-0532-0130-00", valid},
      {"AT61 1904 3002 3457 3201", valid},
      {"CH93 0076 2011 6238 5295 7", valid},
      {"LI21 0881 0000 2324 013A A", valid},
      {"FR14 2004 1010 0505 0001 3M02 606", valid},
      {"GB29 NWBK 6016 1331 9268 19", valid},
      {"NL91ABNA0417164300", valid},
      {"MT84MALT011000012345MTLCAST001S", valid},
      {"NO9386011117947", valid},                    // shortest registry length, 15
      {"LC55HEMM000100010012001200023015", valid},   // 32
      {"RU0304452522540817810538091310419", valid},  // longest, 33
      {"BR1800360305000010009795493C1", valid},
      {"FK88SC123456789012", valid},  // registry additions since 2023
      {"HN88CABF00000000000250005469", valid},
      {"MN121234123456789123", valid},
      {"NI45BAPR00000013000003558124", valid},
      {"OM810180000001299123456", valid},
      {"SO211000001001000100141", valid},
      {"YE15CBYE0001018861234567891234", valid},
      {"DE89 3704 0044 0532 0130 01", invalid},         // last digit changed: check digits
      {"DE98 3704 0044 0532 0130 00", invalid},         // check digits transposed
      {"DE89 3704 0044 0532 0130", invalid},            // 20 characters: length for country
      {"DE89 3704 0044 0532 0130 00 0", invalid},       // 23 characters: length for country
      {"XX89370400440532013000", invalid},              // no such registry country
      {"US64SVBKUS6S3300958879", invalid},              // the US has no IBAN
      {"DE89 3704 0044 0532 0130 0X", invalid},         // letter in the numeric German BBAN
      {"DE89.3704.0044.0532.0130.00", invalid},         // dots are no IBAN separator: characters
      {"DE89 3704 0044 0532 0130 0\xC3\x84", invalid},  // non-ASCII character
      {"DEAB370400440532013000", invalid},              // check digits must be digits
      {"", invalid},                                    // empty
      {"DE8", invalid},                                 // too short for any IBAN
      {std::string(200, '1'), invalid},                 // longer than any IBAN
  }));
  INFO(value);
  CHECK(verdict_of("iban", value) == expected);
}

TEST_CASE("iban: failed steps name the reason", "[validators][iban]") {
  CHECK(step_of("iban", "DE89 3704 0044 0532 0130 01") == "check digits");
  CHECK(step_of("iban", "XX89370400440532013000") == "country code");
  CHECK(step_of("iban", "DE89 3704 0044 0532 0130") == "length for country");
  CHECK(step_of("iban", "DE89 3704 0044 0532 0130 0X") == "bban format");
  CHECK(step_of("iban", "DE89.3704.0044.0532.0130.00") == "characters");
  CHECK(step_of("iban", "DE89 3704 0044 0532 0130 00").empty());
}

TEST_CASE("iban: generated numbers with computed check digits are valid", "[validators][iban]") {
  struct Format {
    std::string country;
    std::string classes;
  };
  const Format formats[] = {
      {"DE", std::string(18, 'n')},
      {"AT", std::string(16, 'n')},
      {"CH", std::string(5, 'n') + std::string(12, 'c')},
      {"GB", "aaaa" + std::string(14, 'n')},
      {"FR", std::string(10, 'n') + std::string(11, 'c') + "nn"},
      {"IT", "a" + std::string(10, 'n') + std::string(12, 'c')},
  };
  std::mt19937 rng(13616);
  for (const Format& format : formats) {
    for (int i = 0; i < 200; ++i) {
      std::string bban;
      for (char kind : format.classes) {
        const std::string_view pool = kind == 'n'   ? k_digits
                                      : kind == 'a' ? k_upper_alnum.substr(10)
                                                    : k_upper_alnum;
        bban += pool[rng() % pool.size()];
      }
      const std::string iban = with_check_digits(format.country, bban);
      INFO(iban);
      CHECK(verdict_of("iban", iban) == valid);
    }
  }
}

TEST_CASE("iban: check digits 00, 01 and 99 are rejected even where MOD 97 holds",
          "[validators][iban]") {
  // 00 is congruent to 97 and 01 to 98 (mod 97): find BBANs whose real check digits are 97 or 98.
  std::mt19937 rng(97);
  int found = 0;
  while (found < 20) {
    std::string bban;
    for (int i = 0; i < 18; ++i) {
      bban += k_digits[rng() % 10];
    }
    const std::string iban = with_check_digits("DE", bban);
    const std::string check = iban.substr(2, 2);
    if (check != "97" && check != "98" && check != "02") {
      continue;
    }
    const std::string alias = check == "97" ? "00" : check == "98" ? "01" : "99";
    const std::string aliased = "DE" + alias + bban;
    REQUIRE(reference_mod97(aliased.substr(4) + aliased.substr(0, 4)) == 1);
    INFO(aliased);
    CHECK(verdict_of("iban", aliased) == invalid);
    CHECK(step_of("iban", aliased) == "check digits range");
    ++found;
  }
}

TEST_CASE("iban: every single-character corruption of a specimen is judged by the rule",
          "[validators][iban]") {
  SECTION("DE, digits") {
    const std::string specimen = "DE89370400440532013000";
    const int rejected = check_single_substitutions(
        "iban", specimen, k_digits,
        [](const std::string& s) { return reference_iban(s, "DE", std::string(18, 'n')); });
    CHECK(rejected == 20 * 9);  // MOD 97-10 detects every single substitution
  }
  SECTION("GB, letters and digits") {
    const std::string specimen = "GB29NWBK60161331926819";
    const std::string classes = "aaaa" + std::string(14, 'n');
    const int rejected = check_single_substitutions(
        "iban", specimen, k_upper_alnum,
        [&](const std::string& s) { return reference_iban(s, "GB", classes); });
    CHECK(rejected > 0);
  }
}
