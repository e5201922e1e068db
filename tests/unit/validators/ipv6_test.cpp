// Unit tests for the "ipv6" validator (src/validators/ipv6.cpp).
#include <string>

#include "validator_test_support.hpp"

using namespace piiscan::test;

TEST_CASE("ipv6: text forms of RFC 4291", "[validators][ipv6]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"2001:db8::1", valid},                              // RFC 3849 documentation prefix
      {"2001:0db8:0000:0000:0000:ff00:0042:8329", valid},  // full form
      {"2001:DB8::FF00:42:8329", valid},                   // upper-case hex
      {"::1", valid},
      {"::", valid},
      {"::ffff:192.0.2.1", valid},                               // embedded IPv4
      {"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", valid},  // longest form, 45 chars
      {"2001:db8::1::1", invalid},                               // two "::"
      {"2001:db8:0:0:0:0:0:0:1", invalid},                       // nine groups
      {"2001:db8::g", invalid},                                  // not hex
      {"12345::1", invalid},                                     // group of five digits
      {"fe80::1%eth0", invalid},                                 // zone index not accepted
      {"192.0.2.1", invalid},                                    // IPv4 alone
      {":", invalid},
      {std::string("2001:db8::1\0", 12), invalid},  // embedded NUL
      {std::string(46, '1'), invalid},              // longer than any form
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("ipv6", value) == expected);
}
