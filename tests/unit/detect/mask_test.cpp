#include <catch2/catch.hpp>

#include <cctype>
#include <random>
#include <string>
#include <string_view>

#include <piiscan/detector.hpp>

using piiscan::mask_value;

namespace {

std::size_t real_characters(std::string_view masked) {
  std::size_t count = 0;
  for (unsigned char c : masked) {
    count += std::isalnum(c) ? 1 : 0;
  }
  return count;
}

}  // namespace

TEST_CASE("masks keep separators and show at most four characters", "[mask]") {
  CHECK(mask_value("36574261809") == "36*******09");
  CHECK(mask_value("DE89 3704 0044 0532 0130 00") == "DE** **** **** **** **** 00");
  CHECK(mask_value("anna.schmidt@example.de") == "an**.*******@*******.de");
  CHECK(mask_value("rk") == "**");
  CHECK(mask_value("abcd") == "a**d");
  CHECK(mask_value("J\xC3\xBCrgenXY") == "J\xC3\xBC****XY");
  for (const char* value : {"4111 1111 1111 1111", "756.9217.0769.85", "x", "T220001293"}) {
    CHECK(real_characters(mask_value(value)) <= 4);
  }
}

namespace {

// The mask by its definition, one character at a time: an ASCII letter or digit, or a byte
// from 0xC0 with the continuation bytes (0x80–0xBF) after it, is one significant character,
// shown whole when among the first or last `shown`, else one '*'; stray continuation bytes
// are dropped; any other byte stays.
std::string masked_by_definition(const std::string& value) {
  const auto significant = [](unsigned char c) { return std::isalnum(c) || c >= 0xC0; };
  const auto continuation = [](unsigned char c) { return c >= 0x80 && c < 0xC0; };
  std::size_t count = 0;
  for (const unsigned char c : value) {
    count += significant(c) ? 1 : 0;
  }
  const std::size_t shown = count >= 8 ? 2 : count >= 4 ? 1 : 0;
  std::string masked;
  std::size_t index = 0;
  for (std::size_t i = 0; i < value.size();) {
    const auto c = static_cast<unsigned char>(value[i]);
    std::size_t end = i + 1;
    if (significant(c) && c >= 0xC0) {
      while (end < value.size() && continuation(static_cast<unsigned char>(value[end]))) {
        ++end;
      }
    }
    if (significant(c)) {
      const bool show = index < shown || index + shown >= count;
      masked += show ? value.substr(i, end - i) : "*";
      ++index;
    } else if (!continuation(c)) {
      masked += value[i];
    }
    i = end;
  }
  return masked;
}

}  // namespace

TEST_CASE("masks of random values, ASCII or not, follow the definition", "[mask]") {
  std::mt19937 random(20240611);
  // Mostly letters, digits and separators, as values are; some quotes, controls and high bytes.
  const std::string common = "0123456789abcXYZ .-@*\"\\\t";
  for (int round = 0; round < 20000; ++round) {
    const bool ascii_only = round % 2 == 0;
    std::string value(random() % 40, ' ');
    for (char& c : value) {
      const auto pick = random();
      c = !ascii_only && pick % 8 == 0 ? static_cast<char>(0x80 + pick / 8 % 128)
          : pick % 8 == 1              ? static_cast<char>(pick / 8 % 128)
                                       : common[pick / 8 % common.size()];
    }
    INFO("round " << round);
    REQUIRE(mask_value(value) == masked_by_definition(value));
  }
}
