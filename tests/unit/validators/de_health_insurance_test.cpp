// Unit tests for the "de_health_insurance" validator (src/validators/de_health_insurance.cpp).
// A000500015 and C000500021 are the worked examples of § 290 SGB V Anlage 1.
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

// Reference: letter -> 01..26, then 10 digits weighted 1,2,1,2,...; cross sums; mod 10.
int reference_check(const std::string& first9) {
  const int letter = first9[0] - 'A' + 1;
  const std::string expanded =
      std::string(letter < 10 ? "0" : "") + std::to_string(letter) + first9.substr(1);
  int sum = 0;
  for (std::size_t i = 0; i < expanded.size(); ++i) {
    const int product = digit(expanded[i]) * (i % 2 == 0 ? 1 : 2);
    sum += product / 10 + product % 10;
  }
  return sum % 10;
}

bool reference_kvnr(const std::string& s) {
  return s.size() == 10 && s[0] >= 'A' && s[0] <= 'Z' &&
         reference_check(s.substr(0, 9)) == digit(s[9]);
}

}  // namespace

TEST_CASE("de_health_insurance: Anlage 1 examples and malformed values",
          "[validators][de_health_insurance]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"A000500015", valid},    // § 290 SGB V Anlage 1
      {"C000500021", valid},    // § 290 SGB V Anlage 1
      {"A000500016", invalid},  // check digit
      {"B000500015", invalid},  // other letter: check digit
      {"A00050001", invalid},   // 9 characters: length
      {"a000500015", invalid},  // lower case: characters
      {"1000500015", invalid},  // digit instead of letter: characters
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("de_health_insurance", value) == expected);
}

TEST_CASE("de_health_insurance: generated numbers and corruptions",
          "[validators][de_health_insurance]") {
  std::mt19937 rng(290);
  for (int i = 0; i < 300; ++i) {
    std::string first9(1, static_cast<char>('A' + rng() % 26));
    for (int j = 0; j < 8; ++j) {
      first9 += k_digits[rng() % 10];
    }
    const std::string number = first9 + std::to_string(reference_check(first9));
    INFO(number);
    CHECK(verdict_of("de_health_insurance", number) == valid);
  }
  for (const std::string specimen : {"A000500015", "C000500021"}) {
    const int rejected =
        check_single_substitutions("de_health_insurance", specimen, k_digits, reference_kvnr);
    CHECK(rejected == 9 * 9);  // weights 1 and 2 with cross sums catch every digit change
    check_single_substitutions("de_health_insurance", specimen, k_upper_alnum.substr(10),
                               reference_kvnr);
  }
}
