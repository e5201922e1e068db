// Unit tests for the "credit_card" validator (src/validators/credit_card.cpp).
// All numbers are the networks' published test numbers or generated here.
#include <random>
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

bool reference_luhn(const std::string& digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int d = digit(digits[digits.size() - 1 - i]);
    sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return sum % 10 == 0;
}

char luhn_check_digit(const std::string& body) {
  for (char c : k_digits) {
    if (reference_luhn(body + c)) {
      return c;
    }
  }
  return '?';
}

// Reference issuer table, written as prefix strings.
bool reference_issuer(const std::string& n) {
  const auto between = [&](std::size_t len, int low, int high) {
    const int p = std::stoi(n.substr(0, len));
    return p >= low && p <= high;
  };
  if (between(2, 34, 34) || between(2, 37, 37)) {
    return n.size() == 15;
  }
  return n[0] == '4' || between(2, 51, 55) || between(4, 2221, 2720) || between(4, 6011, 6011) ||
         between(3, 644, 649) || between(2, 65, 65) || between(4, 3528, 3589) ||
         between(3, 300, 305) || between(2, 36, 36) || between(2, 38, 38) || between(2, 50, 50) ||
         between(2, 56, 69) || between(2, 62, 62);
}

bool reference_card(const std::string& n) {
  return n.size() >= 12 && n.size() <= 19 && n.find_first_not_of(n[0]) != std::string::npos &&
         reference_issuer(n) && reference_luhn(n);
}

}  // namespace

TEST_CASE("credit_card: network test numbers and malformed values", "[validators][credit_card]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"4111 1111 1111 1111", valid},  // Visa test number
      {"4111-1111-1111-1111", valid},
      {"4012888888881881", valid},        // Visa
      {"4222222222222", valid},           // Visa, 13 digits
      {"5555555555554444", valid},        // Mastercard
      {"2223003122003222", valid},        // Mastercard 2-series
      {"378282246310005", valid},         // American Express
      {"371449635398431", valid},         // American Express
      {"6011111111111117", valid},        // Discover
      {"3530111333300000", valid},        // JCB
      {"30569309025904", valid},          // Diners Club
      {"6759649826438453", valid},        // Maestro
      {"6200000000000005", valid},        // UnionPay
      {"4111 1111 1111 1112", invalid},   // Luhn fails: check digit
      {"3782822463100050", invalid},      // American Express with 16 digits
      {"1234567812345670", invalid},      // prefix 1 belongs to no network (Luhn holds)
      {"9111111111111111", invalid},      // prefix 9: issuer
      {"0000000000000000", invalid},      // all one digit (Luhn holds)
      {"4111111111", invalid},            // 10 digits: length
      {"41111111111111111111", invalid},  // 20 digits: length
      {"4111 1111 1111 111X", invalid},   // letter: characters
      {"", invalid},                      // empty
  }));
  INFO(value);
  CHECK(verdict_of("credit_card", value) == expected);
}

TEST_CASE("credit_card: failed steps", "[validators][credit_card]") {
  CHECK(step_of("credit_card", "3782822463100050") == "length for issuer");
  CHECK(step_of("credit_card", "9111111111111111") == "issuer");
  CHECK(step_of("credit_card", "0000000000000000") == "repeated digit");
  CHECK(step_of("credit_card", "4111 1111 1111 1112") == "check digit");
}

TEST_CASE("credit_card: generated numbers per network range", "[validators][credit_card]") {
  const std::pair<std::string, int> ranges[] = {
      {"4", 16},    {"4", 13},    {"4", 19},    {"51", 16},   {"55", 16},  {"2221", 16},
      {"2720", 16}, {"34", 15},   {"37", 15},   {"6011", 16}, {"644", 16}, {"649", 19},
      {"65", 16},   {"3528", 16}, {"3589", 19}, {"300", 14},  {"305", 14}, {"36", 14},
      {"38", 16},   {"50", 12},   {"56", 18},   {"69", 19},   {"62", 16}};
  std::mt19937 rng(7812);
  for (const auto& [prefix, length] : ranges) {
    for (int i = 0; i < 50; ++i) {
      std::string body = prefix;
      while (static_cast<int>(body.size()) < length - 1) {
        body += k_digits[rng() % 10];
      }
      const std::string number = body + luhn_check_digit(body);
      INFO(number);
      CHECK(verdict_of("credit_card", number) == (reference_card(number) ? valid : invalid));
      CHECK(verdict_of("credit_card", number) == valid);
    }
  }
}

TEST_CASE("credit_card: single corruptions of test numbers", "[validators][credit_card]") {
  for (const std::string specimen : {"4111111111111111", "378282246310005", "5555555555554444"}) {
    const int rejected =
        check_single_substitutions("credit_card", specimen, k_digits, reference_card);
    CHECK(rejected == static_cast<int>(specimen.size()) * 9);  // Luhn catches them all
  }
}
