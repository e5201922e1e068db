// Unit tests for the "phone_number" validator (src/validators/phone.cpp).
// Numbers are fictitious or published switchboard-style numbers of the kind used in examples
// (Bundesnetzagentur drama ranges such as 030 23125 xxx are not assigned to subscribers).
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

}  // namespace

TEST_CASE("phone_number: DE/AT/CH national and international forms", "[validators][phone_number]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"+49 30 12345678", valid},     // Berlin, international
      {"+49 (0)30 12345678", valid},  // with the national trunk prefix in brackets
      {"+49-89-1234567", valid},      // Munich, dashes
      {"0049 89 1234567", valid},     // international with 00
      {"030 12345678", valid},        // national, Berlin
      {"(030) 1234567", valid},       // national, area code in brackets
      {"030/1234567", valid},         // national, DIN 5008 old style
      {"0171 1234567", valid},        // German mobile
      {"+43 1 58800", valid},         // Vienna
      {"+43 664 1234567", valid},     // Austrian mobile
      {"01 58800", valid},            // Vienna in national form: not German, tried as AT
      {"+41 44 668 18 00", valid},    // Zurich
      {"+41 79 123 45 67", valid},    // Swiss mobile
      {"044 668 18 00", valid},       // national Swiss form (also a valid German number)
      {"+33 1 23 45 67 89", invalid},  // France: country code not DE/AT/CH
      {"0033 1 23 45 67 89", invalid}, // same with 00
      {"+49 123", invalid},            // too short: length
      {"+49 30 12", invalid},          // Berlin number too short for the plan
      {"12345678", invalid},           // no trunk prefix and no country code
      {"030 1234 5678 9012 3456", invalid},  // too long
      {"+49 30 12a45678", invalid},    // letter
      {"1.2.3.4", invalid},            // version number
      {"", invalid},
  }));
  CAPTURE(value);
  CHECK(verdict_of("phone_number", value) == expected);
}

TEST_CASE("phone_number: failed steps", "[validators][phone_number]") {
  CHECK(run("phone_number", "+49 30 12a45678").failed_step == "characters");
  CHECK(run("phone_number", "12345").failed_step == "length");
  CHECK(run("phone_number", "4930123456").failed_step == "prefix");
  CHECK(run("phone_number", "+33 1 23 45 67 89").failed_step == "country code");
  CHECK(run("phone_number", "+49 30 12").failed_step == "numbering plan");
}
