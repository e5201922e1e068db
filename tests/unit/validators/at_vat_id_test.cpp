// Unit tests for the "at_vat_id" validator (src/validators/at_vat_id.cpp).
// ATU13585627 is python-stdnum's / the BMF's example; the others are generated here.
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

// Reference (BMF): digits 2, 4, 6 of the seven are doubled and cross-summed; check digit =
// (10 - (sum + 4) mod 10) mod 10.
int reference_check(const std::string& seven) {
  int sum = 0;
  for (std::size_t i = 0; i < 7; ++i) {
    int d = digit(seven[i]);
    if (i % 2 == 1) {
      d = d * 2 / 10 + d * 2 % 10;
    }
    sum += d;
  }
  return (10 - (sum + 4) % 10) % 10;
}

bool reference_uid(const std::string& s) {
  return s.size() == 11 && s.substr(0, 3) == "ATU" &&
         reference_check(s.substr(3, 7)) == digit(s[10]);
}

}  // namespace

TEST_CASE("at_vat_id: specimen and malformed values", "[validators][at_vat_id]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"ATU13585627", valid},     // BMF / python-stdnum example
      {"ATU 1358 5627", valid},   // spaces
      {"U13585627", valid},       // prefix AT is optional
      {"ATU13585628", invalid},   // check digit
      {"AT13585627", invalid},    // "U" missing: characters
      {"ATU1358562", invalid},    // 7 digits: length
      {"ATU135856270", invalid},  // 9 digits: length
      {"atu13585627", invalid},   // lower case
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("at_vat_id", value) == expected);
}

TEST_CASE("at_vat_id: generated numbers and corruptions", "[validators][at_vat_id]") {
  std::mt19937 rng(43);
  for (int i = 0; i < 300; ++i) {
    std::string seven;
    for (int j = 0; j < 7; ++j) {
      seven += k_digits[rng() % 10];
    }
    const std::string number = "ATU" + seven + std::to_string(reference_check(seven));
    INFO(number);
    CHECK(verdict_of("at_vat_id", number) == valid);
  }
  const int rejected =
      check_single_substitutions("at_vat_id", "ATU13585627", k_digits, reference_uid);
  CHECK(rejected == 8 * 9);
}
