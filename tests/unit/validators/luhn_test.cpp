// Unit tests for the "luhn" validator (src/validators/luhn.cpp).
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

// Reference Luhn: double every second digit from the right, subtract 9 when above 9.
bool reference_luhn(const std::string& digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int d = digit(digits[digits.size() - 1 - i]);
    if (i % 2 == 1) {
      d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    }
    sum += d;
  }
  return !digits.empty() && sum % 10 == 0;
}

}  // namespace

TEST_CASE("luhn: published examples and malformed values", "[validators][luhn]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"79927398713", valid},            // the textbook example (ISO/IEC 7812 Annex B)
      {"7992 7398 713", valid},          // spaces are ignored
      {"7992-7398-713", valid},          // dashes are ignored
      {"490154203237518", valid},        // IMEI example from 3GPP TS 23.003
      {"0", valid},                      // a lone zero passes mod 10
      {"79927398710", invalid},          // check digit 0 instead of 3
      {"79927398731", invalid},          // last two digits transposed
      {"7992739871A", invalid},          // letter: characters
      {"7992.7398.713", invalid},        // dots are not ignored: characters
      {"", invalid},                     // no digits
      {"   ", invalid},                  // only separators
      {std::string(100, '1'), invalid},  // longer than any supported number
  }));
  INFO(value);
  CHECK(verdict_of("luhn", value) == expected);
}

TEST_CASE("luhn: generated numbers pass, single corruptions fail", "[validators][luhn]") {
  std::mt19937 rng(7812);
  for (int i = 0; i < 500; ++i) {
    std::string body;
    const int length = 1 + static_cast<int>(rng() % 20);
    for (int j = 0; j < length; ++j) {
      body += k_digits[rng() % 10];
    }
    for (char check : k_digits) {
      const std::string number = body + check;
      INFO(number);
      CHECK(verdict_of("luhn", number) == (reference_luhn(number) ? valid : invalid));
    }
  }
  const int rejected = check_single_substitutions("luhn", "79927398713", k_digits, reference_luhn);
  CHECK(rejected == 11 * 9);  // Luhn detects every single-digit substitution
}
