// Unit tests for the "ipv4" validator (src/validators/ipv4.cpp).
#include <string>

#include "validator_test_support.hpp"

using namespace piiscan::test;

TEST_CASE("ipv4: dotted-decimal addresses", "[validators][ipv4]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"192.0.2.1", valid},  // RFC 5737 documentation range
      {"0.0.0.0", valid},
      {"255.255.255.255", valid},
      {"10.0.0.10", valid},
      {"256.0.0.1", invalid},      // octet above 255
      {"192.168.01.1", invalid},   // leading zero (octal in some parsers)
      {"192.168.1", invalid},      // three octets
      {"192.168.1.1.1", invalid},  // five octets
      {"192.168..1", invalid},     // empty octet
      {"192.168.1.", invalid},     // trailing dot
      {".192.168.1", invalid},     // leading dot
      {"192.168.1.a", invalid},    // letter
      {"1921.68.1.1", invalid},    // four digits
      {"192.168.1.1 ", invalid},   // trailing space
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("ipv4", value) == expected);
}

TEST_CASE("ipv4: failed steps", "[validators][ipv4]") {
  CHECK(step_of("ipv4", "256.0.0.1") == "octet range");
  CHECK(step_of("ipv4", "192.168.01.1") == "leading zero");
  CHECK(step_of("ipv4", "192.168.1") == "octet count");
  CHECK(step_of("ipv4", "192.168..1") == "octet format");
}
