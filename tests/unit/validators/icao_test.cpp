// Unit tests for "icao_document", "de_id_card" and "de_passport" (src/validators/icao.cpp).
// Specimen numbers from the German ID card and passport specimens (BMI / PRADO).
#include <algorithm>
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

// Reference ICAO 9303 check digit: 0-9, A=10 ... Z=35, weights 7,3,1 repeating.
int reference_icao(const std::string& chars) {
  const int weights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const char c = chars[i];
    const int v = (c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10;
    sum += v * weights[i % 3];
  }
  return sum % 10;
}

bool reference_document(const std::string& s) {
  return s.size() == 10 && s[9] >= '0' && s[9] <= '9' &&
         reference_icao(s.substr(0, 9)) == digit(s[9]);
}

constexpr std::string_view k_german = "CFGHJKLMNPRTVWXYZ0123456789";

bool reference_de_id_card(const std::string& s) {
  const std::string serial = s.substr(0, 9);
  return reference_document(s) && serial.find_first_not_of(k_german) == std::string::npos &&
         serial.find_first_of("0123456789") != std::string::npos;
}

bool reference_de_passport(const std::string& s) {
  return reference_document(s) && s.substr(0, 9).find_first_not_of(k_german) == std::string::npos &&
         std::string_view("CFGHJK").find(s[0]) != std::string_view::npos;
}

}  // namespace

TEST_CASE("icao_document: specimens and malformed values", "[validators][icao]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"T220001293", valid},     // ID card specimen T22000129 + check digit 3
      {"L01X00T471", valid},     // ID card specimen L01X00T47 + 1
      {"C01X00T478", valid},     // passport specimen C01X00T47 + 8
      {"LZ6311T475", valid},     // ID card specimen LZ6311T47 + 5
      {"AB12345671", valid},     // generic ICAO alphabet: A and B are allowed here
      {"T220001294", invalid},   // check digit
      {"T22000129", invalid},    // 9 characters (check digit missing): length
      {"T2200012930", invalid},  // 11 characters: length
      {"t220001293", invalid},   // lower case: characters
      {"T22000129<", invalid},   // filler as check digit
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("icao_document", value) == expected);
}

TEST_CASE("de_id_card and de_passport: German alphabet and prefixes", "[validators][icao]") {
  CHECK(verdict_of("de_id_card", "T220001293") == valid);
  CHECK(verdict_of("de_id_card", "L01X00T471") == valid);
  CHECK(verdict_of("de_id_card", "LZ6311T475") == valid);
  CHECK(verdict_of("de_id_card", "AB12345671") == invalid);  // A, B are not in the alphabet
  CHECK(step_of("de_id_card", "AB12345671") == "alphabet");
  const std::string letters_only = "CFGHJKLMN" + std::to_string(reference_icao("CFGHJKLMN"));
  CHECK(verdict_of("de_id_card", letters_only) == invalid);  // needs at least one digit
  CHECK(step_of("de_id_card", letters_only) == "no digit");
  CHECK(verdict_of("de_passport", "C01X00T478") == valid);
  CHECK(verdict_of("de_passport", "T220001293") == invalid);  // passports start C F G H J K
  CHECK(step_of("de_passport", "T220001293") == "first character");
  CHECK(verdict_of("de_passport", "C01X00T479") == invalid);  // check digit
  CHECK(step_of("de_passport", "C01X00T479") == "check digit");
}

TEST_CASE("icao: generated numbers and corruptions", "[validators][icao]") {
  std::mt19937 rng(9303);
  for (int i = 0; i < 300; ++i) {
    std::string serial(1, "CFGHJK"[rng() % 6]);
    for (int j = 0; j < 8; ++j) {
      serial += k_german[rng() % k_german.size()];
    }
    const std::string number = serial + std::to_string(reference_icao(serial));
    INFO(number);
    CHECK(verdict_of("icao_document", number) == valid);
    CHECK(verdict_of("de_passport", number) == valid);
    CHECK(verdict_of("de_id_card", number) == (reference_de_id_card(number) ? valid : invalid));
  }
  for (const std::string specimen : {"T220001293", "L01X00T471", "LZ6311T475"}) {
    const int rejected =
        check_single_substitutions("icao_document", specimen, k_digits, reference_document);
    // 7, 3 and 1 are prime to 10: every digit-for-digit change is caught.
    const auto digit_positions = std::count_if(specimen.begin(), specimen.end(),
                                               [](char c) { return c >= '0' && c <= '9'; });
    CHECK(rejected == digit_positions * 9);
    check_single_substitutions("icao_document", specimen, k_upper_alnum, reference_document);
    check_single_substitutions("de_id_card", specimen, k_upper_alnum, reference_de_id_card);
  }
  check_single_substitutions("de_passport", "C01X00T478", k_upper_alnum, reference_de_passport);
}
