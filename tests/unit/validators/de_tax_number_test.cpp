// Unit tests for the "de_tax_number" validator (src/validators/de_tax_number.cpp).
// Examples in the Länder formats from Wikipedia "Steuernummer" / python-stdnum de.stnr.
#include <string>

#include "validator_test_support.hpp"

using namespace piiscan::test;

TEST_CASE("de_tax_number: structure fits -> not_applicable", "[validators][de_tax_number]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"181/815/08155", not_applicable},  // Bayern FFF/BBB/UUUUP
      {"21/815/08150", not_applicable},   // Berlin FF/BBB/UUUUP
      {"133/8150/8159", not_applicable},  // NRW FFF/BBBB/UUUP
      {"93815/08152", not_applicable},    // Baden-Württemberg FFBBB/UUUUP
      {"013 815 08153", not_applicable},  // Hessen 0FF BBB UUUUP
      {"12/345/67890", not_applicable},
      {"123/456/78901", not_applicable},
      {"12 345 678 901", not_applicable},
      {"9181081508155", not_applicable},  // unified form, Bayern (9FFF0...)
      {"2893081508152", not_applicable},  // unified form, Baden-Württemberg (28FF0...)
      {"5133081508159", not_applicable},  // unified form, NRW (5FFF0...)
      {"4151081508156", not_applicable},  // unified form, Thüringen (41FF0...)
      {"4151181508156", invalid},         // unified form without 0 as 5th digit: format
      {"1251081508156", invalid},         // 12 is no Land code of the unified form
      {"18/815/0815", invalid},           // 9 digits: length
      {"181/815/08155/1", invalid},       // 12 digits: length
      {"181/815/0815X", invalid},         // letter: characters
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("de_tax_number", value) == expected);
}

TEST_CASE("de_tax_number: failed steps", "[validators][de_tax_number]") {
  CHECK(step_of("de_tax_number", "4151181508156") == "format");
  CHECK(step_of("de_tax_number", "1251081508156") == "land code");
  CHECK(step_of("de_tax_number", "18/815/0815") == "length");
  CHECK(run("de_tax_number", "181/815/08155").failed_step.empty());
}
