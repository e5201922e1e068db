// Unit tests for the "ch_uid" validator (src/validators/ch_uid.cpp).
// CHE-100.155.212 is python-stdnum's ch.uid example; the others are generated here.
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

int reference_check(const std::string& eight) {
  const int weights[] = {5, 4, 3, 2, 7, 6, 5, 4};
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    sum += weights[i] * digit(eight[i]);
  }
  return (11 - sum % 11) % 11;  // 10: never issued
}

bool reference_uid(const std::string& s) {
  std::string digits;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digits += c;
    }
  }
  return digits.size() == 9 && reference_check(digits.substr(0, 8)) == digit(digits[8]);
}

}  // namespace

TEST_CASE("ch_uid: specimen and malformed values", "[validators][ch_uid]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"CHE-100.155.212", valid},  // python-stdnum example
      {"CHE100155212", valid},
      {"CHE-100.155.212 MWST", valid},   // VAT number, German
      {"CHE-100.155.212 TVA", valid},    // French
      {"CHE-100.155.212 IVA", valid},    // Italian
      {"CHE-123.456.789", invalid},      // the common placeholder fails the check digit
      {"CHE-100.155.213", invalid},      // check digit
      {"CHE-100.155.21", invalid},       // 8 digits: length
      {"che-100.155.212", invalid},      // lower case prefix
      {"CHF-100.155.212", invalid},      // wrong prefix
      {"CHE-100.155.212 VAT", invalid},  // unknown suffix: characters
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("ch_uid", value) == expected);
}

TEST_CASE("ch_uid: generated numbers and corruptions", "[validators][ch_uid]") {
  std::mt19937 rng(11);
  int generated = 0;
  while (generated < 300) {
    std::string eight;
    for (int j = 0; j < 8; ++j) {
      eight += k_digits[rng() % 10];
    }
    const int check = reference_check(eight);
    const std::string base = "CHE" + eight;
    if (check == 10) {
      for (char c : k_digits) {
        CHECK(verdict_of("ch_uid", base + c) == invalid);  // never issued
      }
      continue;
    }
    INFO(base);
    CHECK(verdict_of("ch_uid", base + std::to_string(check)) == valid);
    ++generated;
  }
  check_single_substitutions("ch_uid", "CHE-100.155.212", k_digits, reference_uid);
}
