// Unit tests for the "de_tax_id" validator (src/validators/de_tax_id.cpp).
// 36574261809 is python-stdnum's example; the others are generated here.
#include <algorithm>
#include <array>
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

// Reference ISO 7064 MOD 11,10 check digit.
int reference_mod11_10(const std::string& digits) {
  int product = 10;
  for (char c : digits) {
    int sum = (digit(c) + product) % 10;
    product = (2 * (sum == 0 ? 10 : sum)) % 11;
  }
  return (11 - product) % 10;
}

bool reference_distribution(const std::string& ten) {
  std::array<int, 10> count{};
  for (char c : ten) {
    ++count[static_cast<std::size_t>(digit(c))];
  }
  const auto repeated = std::count_if(count.begin(), count.end(), [](int n) { return n > 1; });
  const int most = *std::max_element(count.begin(), count.end());
  if (repeated != 1 || most > 3) {
    return false;
  }
  for (std::size_t i = 0; i + 2 < ten.size(); ++i) {
    if (ten[i] == ten[i + 1] && ten[i] == ten[i + 2]) {
      return false;  // three adjacent equal digits
    }
  }
  return true;
}

bool reference_idnr(const std::string& s) {
  return s.size() == 11 && s[0] != '0' && reference_distribution(s.substr(0, 10)) &&
         reference_mod11_10(s.substr(0, 10)) == digit(s[10]);
}

}  // namespace

TEST_CASE("de_tax_id: specimen and malformed values", "[validators][de_tax_id]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"36574261809", valid},     // python-stdnum de.idnr example
      {"36 574 261 809", valid},  // printed with spaces
      {"36/574/261/809", valid},
      {"36574261808", invalid},   // check digit
      {"3657426180", invalid},    // 10 digits: length
      {"365742618090", invalid},  // 12 digits: length
      {"06574261809", invalid},   // leading zero
      {"1234567890"
       "3",
       invalid},  // all ten digits distinct: digit distribution
      {"1123456780"
       "0",
       invalid},  // two repeated digits (1, 0): digit distribution
      {"1111234567"
       "0",
       invalid},                 // a digit four times: digit distribution
      {"3657426180X", invalid},  // letter: characters
      {"", invalid},             // empty
  }));
  INFO(value);
  CHECK(verdict_of("de_tax_id", value) == expected);
}

TEST_CASE("de_tax_id: three equal digits may not stand side by side", "[validators][de_tax_id]") {
  // Same digit multiset; only the arrangement differs. Check digits are computed here.
  const std::string adjacent = "1112345678";
  const std::string spread = "1121345670";  // 1 three times, not all adjacent
  const std::string a = adjacent + std::to_string(reference_mod11_10(adjacent));
  const std::string b = spread + std::to_string(reference_mod11_10(spread));
  CHECK(verdict_of("de_tax_id", a) == invalid);
  CHECK(step_of("de_tax_id", a) == "adjacent repetition");
  CHECK(verdict_of("de_tax_id", b) == valid);
}

TEST_CASE("de_tax_id: generated numbers and corruptions follow the rule",
          "[validators][de_tax_id]") {
  std::mt19937 rng(139);
  int generated = 0;
  while (generated < 300) {
    std::string ten;
    for (int i = 0; i < 10; ++i) {
      ten += k_digits[rng() % 10];
    }
    if (ten[0] == '0' || !reference_distribution(ten)) {
      continue;
    }
    const std::string number = ten + std::to_string(reference_mod11_10(ten));
    INFO(number);
    CHECK(verdict_of("de_tax_id", number) == valid);
    ++generated;
  }
  const int rejected =
      check_single_substitutions("de_tax_id", "36574261809", k_digits, reference_idnr);
  CHECK(rejected == 11 * 9);  // distribution or MOD 11,10 catches every substitution here
}
