// Unit tests for the "at_tax_number" validator (src/validators/at_tax_number.cpp).
// 59-119/9013 is python-stdnum's at.tin example; the others are generated here.
#include <random>
#include <set>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

const std::set<std::string> k_offices{"03", "04", "06", "07", "08", "09", "10", "12", "15", "16",
                                      "18", "22", "23", "29", "33", "38", "41", "46", "51", "52",
                                      "53", "54", "57", "59", "61", "65", "67", "68", "69", "71",
                                      "72", "81", "82", "83", "84", "90", "91", "93", "97", "98"};

int reference_check(const std::string& eight) {
  const char* doubled = "0246813579";  // cross sum of 2d
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    sum += i % 2 == 1 ? doubled[digit(eight[i])] - '0' : digit(eight[i]);
  }
  return (10 - sum % 10) % 10;
}

bool reference_tin(const std::string& s) {
  return s.size() == 9 && k_offices.count(s.substr(0, 2)) == 1 &&
         reference_check(s.substr(0, 8)) == digit(s[8]);
}

}  // namespace

TEST_CASE("at_tax_number: specimen and malformed values", "[validators][at_tax_number]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"59-119/9013", valid},  // python-stdnum example (office 59, St. Veit Wolfsberg)
      {"591199013", valid},
      {"59 119 9013", valid},
      {"591199014", invalid},    // check digit
      {"011199015", invalid},    // office 01 does not exist (check digit correct)
      {"59119901", invalid},     // 8 digits: length
      {"59-119/901X", invalid},  // letter: characters
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("at_tax_number", value) == expected);
}

TEST_CASE("at_tax_number: generated numbers and corruptions", "[validators][at_tax_number]") {
  CHECK(step_of("at_tax_number", "011199015") == "tax office");
  std::mt19937 rng(59);
  for (int i = 0; i < 300; ++i) {
    std::string eight = std::to_string(10 + rng() % 90);
    for (int j = 0; j < 6; ++j) {
      eight += k_digits[rng() % 10];
    }
    const std::string number = eight + std::to_string(reference_check(eight));
    INFO(number);
    CHECK(verdict_of("at_tax_number", number) == (reference_tin(number) ? valid : invalid));
  }
  check_single_substitutions("at_tax_number", "591199013", k_digits, reference_tin);
}
