// Unit tests for the steps the validators share (src/validators/steps.cpp and
// validators_impl.hpp), each against its plain definition on random inputs.
#include <random>
#include <string>
#include <string_view>

#include "validator_test_support.hpp"
#include "validators/validators_impl.hpp"

namespace {

using piiscan::validators::Compact;
using piiscan::validators::Separators;
using piiscan::validators::strip_separators;

// Random bytes, drawn mostly from the separators and digits that real values hold.
std::string random_value(std::mt19937& rng, std::size_t max_length) {
  static constexpr std::string_view k_common = " .-/()+0123456789AZaz";
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string value(length(rng), '\0');
  for (char& c : value) {
    const int b = byte(rng);
    c = b < 192 ? k_common[static_cast<std::size_t>(b) % k_common.size()] : static_cast<char>(b);
  }
  return value;
}

}  // namespace

TEST_CASE("strip_separators: the bit set drops exactly the listed characters",
          "[validators][steps]") {
  static constexpr std::string_view k_listed = " .-/()";
  static constexpr Separators k_separators = " .-/()";
  std::mt19937 rng(20240611);
  for (int i = 0; i < 20000; ++i) {
    const std::string value = random_value(rng, 2 * Compact::k_capacity);
    std::string expected;
    for (char c : value) {
      if (k_listed.find(c) == std::string_view::npos) {
        expected += c;
      }
    }
    Compact out;
    const bool fits = strip_separators(value, k_separators, out);
    REQUIRE(fits == (expected.size() <= Compact::k_capacity));
    if (fits) {
      REQUIRE(out.view() == expected);
    }
  }
}

TEST_CASE("strip_separators: bytes above 127 and an empty set", "[validators][steps]") {
  static constexpr Separators k_high = "\xa0\xff";
  Compact out;
  REQUIRE(strip_separators("1\xa0" "2\xff" "3\x7f", k_high, out));
  CHECK(out.view() == "123\x7f");
  REQUIRE(strip_separators(" 1-2 ", {}, out));
  CHECK(out.view() == " 1-2 ");
}

TEST_CASE("iso7064_mod11_10_check_digit: equals the standard's definition",
          "[validators][steps]") {
  // ISO/IEC 7064 MOD 11,10 as the standard writes it, with both remainders.
  const auto reference = [](const std::string& digits) {
    int product = 10;
    for (char c : digits) {
      int sum = (c - '0' + product) % 10;
      product = (2 * (sum == 0 ? 10 : sum)) % 11;
    }
    return (11 - product) % 10;
  };
  std::mt19937 rng(13910);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> length(0, 16);
  for (int i = 0; i < 20000; ++i) {
    std::string digits(static_cast<std::size_t>(length(rng)), '0');
    for (char& c : digits) {
      c = static_cast<char>('0' + digit(rng));
    }
    INFO(digits);
    REQUIRE(piiscan::validators::iso7064_mod11_10_check_digit(digits) == reference(digits));
  }
}
