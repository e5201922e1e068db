// Unit tests for the "de_vat_id" validator (src/validators/de_vat_id.cpp).
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

int reference_mod11_10(const std::string& digits) {
  int product = 10;
  for (char c : digits) {
    int sum = (digit(c) + product) % 10;
    product = (2 * (sum == 0 ? 10 : sum)) % 11;
  }
  return (11 - product) % 10;
}

bool reference_vat(const std::string& s) {
  const std::string digits = s.substr(0, 2) == "DE" ? s.substr(2) : s;
  return digits.size() == 9 && digits[0] != '0' &&
         reference_mod11_10(digits.substr(0, 8)) == digit(digits[8]);
}

}  // namespace

TEST_CASE("de_vat_id: specimen and malformed values", "[validators][de_vat_id]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"DE136695976", valid},  // BZSt / python-stdnum example
      {"DE 136 695 976", valid},
      {"136695976", valid},       // prefix is optional
      {"DE136695978", invalid},   // check digit
      {"DE13669597", invalid},    // 8 digits: length
      {"DE1366959760", invalid},  // 10 digits: length
      {"DE036695976", invalid},   // leading zero
      {"de136695976", invalid},   // lower-case prefix is not how it is printed
      {"AT136695976", invalid},   // other prefix: characters
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("de_vat_id", value) == expected);
}

TEST_CASE("de_vat_id: generated numbers and corruptions", "[validators][de_vat_id]") {
  std::mt19937 rng(27);
  for (int i = 0; i < 300; ++i) {
    std::string body(1, k_digits[1 + rng() % 9]);
    for (int j = 0; j < 7; ++j) {
      body += k_digits[rng() % 10];
    }
    const std::string number = "DE" + body + std::to_string(reference_mod11_10(body));
    INFO(number);
    CHECK(verdict_of("de_vat_id", number) == valid);
  }
  const int rejected =
      check_single_substitutions("de_vat_id", "DE136695976", k_digits, reference_vat);
  CHECK(rejected == 9 * 9);
}
