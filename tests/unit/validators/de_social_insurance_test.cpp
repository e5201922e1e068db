// Unit tests for the "de_social_insurance" validator (src/validators/de_social_insurance.cpp).
// 15070649C103 is the Deutsche Rentenversicherung's example; the others are generated here.
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

// Reference: expand the letter to two digits, weight 2,1,2,5,7,1,2,1,2,1,2,1, cross-sum each.
int reference_check(const std::string& first11) {
  const int letter = first11[8] - 'A' + 1;
  const std::string expanded = first11.substr(0, 8) + (letter < 10 ? "0" : "") +
                               std::to_string(letter) + first11.substr(9, 2);
  const int weights[] = {2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1};
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    const int product = digit(expanded[i]) * weights[i];
    sum += product / 10 + product % 10;
  }
  return sum % 10;
}

bool reference_vsnr(const std::string& s) {
  const int day = std::stoi(s.substr(2, 2));
  const int month = std::stoi(s.substr(4, 2));
  return s.size() == 12 && s[8] >= 'A' && s[8] <= 'Z' && day >= 1 && day <= 31 && month >= 1 &&
         month <= 12 && reference_check(s) == digit(s[11]);
}

}  // namespace

TEST_CASE("de_social_insurance: specimen and malformed values",
          "[validators][de_social_insurance]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"15070649C103", valid},     // DRV example
      {"15 070649 C 103", valid},  // printed with spaces
      {"15070649C104", invalid},   // check digit
      {"15070649D103", invalid},   // other initial: check digit
      {"15320649C103", invalid},   // day 32: birth date
      {"15001349C103", invalid},   // day 00, month 13: birth date
      {"15070649c103", invalid},   // lower-case letter: characters
      {"150706491103", invalid},   // digit instead of letter: characters
      {"15070649C10", invalid},    // 11 characters: length
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("de_social_insurance", value) == expected);
}

TEST_CASE("de_social_insurance: generated numbers and corruptions",
          "[validators][de_social_insurance]") {
  std::mt19937 rng(147);
  for (int i = 0; i < 300; ++i) {
    const auto two = [](unsigned long n) {
      return std::string(n < 10 ? "0" : "") + std::to_string(n);
    };
    const std::string area = two(rng() % 100);
    const std::string day = two(1 + rng() % 31);
    const std::string month = two(1 + rng() % 12);
    const std::string year = two(rng() % 100);
    const char initial = static_cast<char>('A' + rng() % 26);
    const std::string first11 = area + day + month + year + initial + two(rng() % 100);
    const std::string number = first11 + std::to_string(reference_check(first11));
    INFO(number);
    CHECK(verdict_of("de_social_insurance", number) == valid);
  }
  const int digit_rejects =
      check_single_substitutions("de_social_insurance", "15070649C103", k_digits, reference_vsnr);
  CHECK(digit_rejects > 80);  // weights 5 and 7 let some substitutions through
  check_single_substitutions("de_social_insurance", "15070649C103", k_upper_alnum.substr(10),
                             reference_vsnr);
}
