// Unit tests for the "ch_ahv" validator (src/validators/ch_ahv.cpp).
// 756.9217.0769.85 is the ZAS example number; the others are generated here.
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

int reference_ean(const std::string& twelve) {
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    sum += digit(twelve[i]) * (i % 2 == 0 ? 1 : 3);
  }
  return (10 - sum % 10) % 10;
}

bool reference_ahv(const std::string& s) {
  std::string digits;
  for (char c : s) {
    if (c != '.') {
      digits += c;
    }
  }
  return digits.size() == 13 && digits.substr(0, 3) == "756" &&
         reference_ean(digits.substr(0, 12)) == digit(digits[12]);
}

}  // namespace

TEST_CASE("ch_ahv: specimen and malformed values", "[validators][ch_ahv]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"756.9217.0769.85", valid},  // ZAS example
      {"7569217076985", valid},
      {"756 9217 0769 85", valid},
      {"756.9217.0769.86", invalid},  // check digit
      {"757.9217.0769.85", invalid},  // country prefix must be 756
      {"756.9217.0769.8", invalid},   // 12 digits: length
      {"756-9217-0769-85", invalid},  // dashes are not used: length
      {"756.9217.0769.8X", invalid},  // letter: characters
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("ch_ahv", value) == expected);
}

TEST_CASE("ch_ahv: generated numbers and corruptions", "[validators][ch_ahv]") {
  std::mt19937 rng(756);
  for (int i = 0; i < 300; ++i) {
    std::string twelve = "756";
    for (int j = 0; j < 9; ++j) {
      twelve += k_digits[rng() % 10];
    }
    const std::string number = twelve + std::to_string(reference_ean(twelve));
    INFO(number);
    CHECK(verdict_of("ch_ahv", number) == valid);
  }
  check_single_substitutions("ch_ahv", "756.9217.0769.85", k_digits, reference_ahv);
}
