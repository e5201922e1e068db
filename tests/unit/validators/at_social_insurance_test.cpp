// Unit tests for the "at_social_insurance" validator (src/validators/at_social_insurance.cpp).
// 1237010180 is python-stdnum's at.vnr example; the others are generated here.
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

// Reference: weights 3,7,9,(skip),5,8,4,2,1,6; remainder mod 11 is digit 4.
int reference_remainder(const std::string& s) {
  const int weights[] = {3, 7, 9, 0, 5, 8, 4, 2, 1, 6};
  int sum = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    sum += weights[i] * digit(s[i]);
  }
  return sum % 11;
}

bool reference_vsnr(const std::string& s) {
  return s.size() == 10 && s[0] != '0' && reference_remainder(s) == digit(s[3]);
}

}  // namespace

TEST_CASE("at_social_insurance: specimen and malformed values",
          "[validators][at_social_insurance]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"1237010180", valid},    // python-stdnum example
      {"1237 010180", valid},   // serial+check, space, birth date
      {"1238010180", invalid},  // check digit
      {"0237010180", invalid},  // leading zero
      {"123701018", invalid},   // 9 digits: length
      {"123701018X", invalid},  // letter: characters
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("at_social_insurance", value) == expected);
}

TEST_CASE("at_social_insurance: generated numbers, remainder 10, corruptions",
          "[validators][at_social_insurance]") {
  std::mt19937 rng(31);
  int generated = 0;
  int never_issued = 0;
  while (generated < 300 || never_issued < 20) {
    std::string s = std::to_string(100 + rng() % 900) + "0";
    for (int i = 0; i < 6; ++i) {
      s += k_digits[rng() % 10];
    }
    const int remainder = reference_remainder(s);
    if (remainder == 10) {
      // No check digit can express 10: such serials are never issued, whatever digit 4 says.
      for (char c : k_digits) {
        s[3] = c;
        CHECK(verdict_of("at_social_insurance", s) == invalid);
      }
      ++never_issued;
      continue;
    }
    s[3] = static_cast<char>('0' + remainder);
    INFO(s);
    CHECK(verdict_of("at_social_insurance", s) == valid);
    ++generated;
  }
  check_single_substitutions("at_social_insurance", "1237010180", k_digits, reference_vsnr);
}
