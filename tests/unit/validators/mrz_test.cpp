// Unit tests for the "mrz" validator (src/validators/mrz.cpp).
// Specimen lines from ICAO Doc 9303 Parts 4-6 (fictitious Utopia documents) and the German
// ID card specimen.
#include <string>

#include "validator_test_support.hpp"

namespace {

using namespace piiscan::test;

int reference_icao(const std::string& chars) {
  const int weights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const char c = chars[i];
    const int v = (c >= '0' && c <= '9') ? c - '0' : (c == '<' ? 0 : c - 'A' + 10);
    sum += v * weights[i % 3];
  }
  return sum % 10;
}

bool check_ok(const std::string& field, char check, bool filler_ok = false) {
  if (check == '<') {
    return filler_ok && reference_icao(field) == 0;
  }
  return check >= '0' && check <= '9' && reference_icao(field) == check - '0';
}

// Reference for TD3 line 2 (44 characters), written from ICAO 9303-4 Table 5.
bool reference_td3(const std::string& l) {
  return check_ok(l.substr(0, 9), l[9]) && check_ok(l.substr(13, 6), l[19]) &&
         check_ok(l.substr(21, 6), l[27]) && check_ok(l.substr(28, 14), l[42], true) &&
         check_ok(l.substr(0, 10) + l.substr(13, 7) + l.substr(21, 22), l[43]);
}

// Reference for TD2 line 2 (36 characters), ICAO 9303-6.
bool reference_td2(const std::string& l) {
  return check_ok(l.substr(0, 9), l[9]) && check_ok(l.substr(13, 6), l[19]) &&
         check_ok(l.substr(21, 6), l[27]) &&
         check_ok(l.substr(0, 10) + l.substr(13, 7) + l.substr(21, 14), l[35]);
}

const std::string k_td3 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
const std::string k_td2 = "D231458907UTO7408122F1204159<<<<<<<6";
const std::string k_td1 = "I<UTOD231458907<<<<<<<<<<<<<<<";

}  // namespace

TEST_CASE("mrz: ICAO specimen lines and malformed lines", "[validators][mrz]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {k_td3, valid},                             // ICAO 9303-4 passport, line 2
      {k_td2, valid},                             // ICAO 9303-6 TD2, line 2
      {k_td1, valid},                             // ICAO 9303-5 TD1, line 1
      {"IDD<<T220001293<<<<<<<<<<<<<<<", valid},  // German ID card specimen, line 1
      {"I<UTOD23145890<7349<<<<<<<<<<<", valid},  // long number D23145890734, check digit 9
      {"L898902C36UTO7408122F1204159ZE184226B<<<<<11", invalid},  // composite check digit
      {"L898902C37UTO7408122F1204159ZE184226B<<<<<10", invalid},  // document number check
      {"L898902C36UTO7408123F1204159ZE184226B<<<<<10", invalid},  // birth date check
      {"L898902C36UTO7408122F1204158ZE184226B<<<<<10", invalid},  // expiry date check
      {"L898902C36UTO7408122F1204159ZE184226B<<<<<20", invalid},  // optional data check
      {"L898902C36UTO7408122F1204159ZE184226B<<<<<1", invalid},   // 43 characters: length
      {"l898902C36UTO7408122F1204159ZE184226B<<<<<10", invalid},  // lower case: characters
      {"L898902C36UTO7408122F1204159ZE184226B    10", invalid},   // spaces for filler
      {"I<UTOD231458908<<<<<<<<<<<<<<<", invalid},                // TD1 document number check digit
      {"1<UTOD231458907<<<<<<<<<<<<<<<", invalid},  // TD1 must start with a document code
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("mrz", value) == expected);
}

TEST_CASE("mrz: failed steps", "[validators][mrz]") {
  CHECK(step_of("mrz", "L898902C36UTO7408122F1204159ZE184226B<<<<<11") == "composite check digit");
  CHECK(step_of("mrz", "L898902C37UTO7408122F1204159ZE184226B<<<<<10") ==
        "document number check digit");
  CHECK(step_of("mrz", "L898902C36UTO7408123F1204159ZE184226B<<<<<10") == "birth date check digit");
  CHECK(step_of("mrz", "L898902C36UTO7408122F1204158ZE184226B<<<<<10") ==
        "expiry date check digit");
  CHECK(step_of("mrz", "L898902C36UTO7408122F1204159ZE184226B<<<<<20") ==
        "optional data check digit");
  CHECK(step_of("mrz", "1<UTOD231458907<<<<<<<<<<<<<<<") == "document code");
}

TEST_CASE("mrz: every single-character corruption is judged by the reference rule",
          "[validators][mrz]") {
  const std::string alphabet = std::string(k_upper_alnum) + "<";
  const int td3_rejected = check_single_substitutions("mrz", k_td3, alphabet, reference_td3);
  CHECK(td3_rejected > 0);
  const int td2_rejected = check_single_substitutions("mrz", k_td2, alphabet, reference_td2);
  CHECK(td2_rejected > 0);
  // TD1 line 1: only the document number (positions 6-14) and its check digit are protected.
  const int td1_rejected = check_single_substitutions(
      "mrz", k_td1, k_digits, [](const std::string& l) { return check_ok(l.substr(5, 9), l[14]); });
  CHECK(td1_rejected == 9 * 9);
}
