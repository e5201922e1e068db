#include <catch2/catch.hpp>

#include <piiscan/detector.hpp>

using piiscan::mask_value;

namespace {

std::size_t real_characters(const std::string& masked) {
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
