// Unit tests for the "bic" validator (src/validators/bic.cpp).
#include <string>

#include "validator_test_support.hpp"

using namespace piiscan::test;

TEST_CASE("bic: published codes and malformed values", "[validators][bic]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"DEUTDEFF", valid},     // Deutsche Bank, Frankfurt
      {"DEUTDEFF500", valid},  // with branch code
      {"RZOOAT2L", valid},     // location code with a digit
      {"UBSWCHZH80A", valid},
      {"NEDSZAJJXXX", valid},   // XXX: primary office
      {"DEUTXXFF", invalid},    // XX is no ISO 3166 country
      {"DEUTUKFF", invalid},    // UK is not the ISO code of the United Kingdom (GB)
      {"DEUTDEF", invalid},     // 7 characters: length
      {"DEUTDEFF50", invalid},  // 10 characters: length
      {"DEU1DEFF", invalid},    // digit in the party prefix
      {"DEUTDEF!", invalid},    // punctuation in the location
      {"deutdeff", invalid},    // lower case
      {"DEUT DEFF", invalid},   // no separators in a BIC
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("bic", value) == expected);
}

TEST_CASE("bic: failed steps", "[validators][bic]") {
  CHECK(step_of("bic", "DEUTXXFF") == "country code");
  CHECK(step_of("bic", "DEU1DEFF") == "party prefix");
  CHECK(step_of("bic", "DEUTDEF!") == "location or branch");
  CHECK(step_of("bic", "DEUTDEF") == "length");
}

TEST_CASE("bic: every assigned country code is accepted", "[validators][bic]") {
  for (std::string code : {"AT", "CH", "DE", "FR", "GB", "IT", "LI", "NL", "US", "XK", "ZW"}) {
    CHECK(verdict_of("bic", "ABCD" + code + "2X") == valid);
  }
}
