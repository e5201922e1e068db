// Machine-readable zone lines of travel documents, ICAO Doc 9303.
#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

// A check digit character against the digit computed over `field`; `filler_is_zero` allows
// `<` for 0 (ICAO 9303-4 4.2.2.2: an unused optional-data field).
bool check_matches(std::string_view field, char check, bool filler_is_zero = false) noexcept {
  const int expected = icao9303_check_digit(field);
  if (check == '<') {
    return filler_is_zero && expected == 0;
  }
  return is_digit(check) && digit_value(check) == expected;
}

// Composite check over the concatenated ranges of a TD2/TD3 line: 0-9, 13-19, 21-(end-1).
bool composite_matches(std::string_view line) noexcept {
  Compact upper;  // the three ranges, concatenated
  strip_separators(line.substr(0, 10), {}, upper);
  for (char c : line.substr(13, 7)) {
    upper.chars[upper.size++] = c;
  }
  for (char c : line.substr(21, line.size() - 22)) {
    upper.chars[upper.size++] = c;
  }
  return check_matches(upper.view(), line.back());
}

// TD1 line 1: document number in 5-13 with its check digit at 14; a longer number continues
// in the optional data after a `<` at 14 and ends with its check digit (ICAO 9303-5 4.2.2).
bool td1_number_matches(std::string_view line) noexcept {
  if (line[14] != '<') {
    return check_matches(line.substr(5, 9), line[14]);
  }
  std::size_t end = line.find('<', 15);  // first filler after the extension
  end = end == std::string_view::npos ? line.size() : end;
  if (end < 17) {
    return false;
  }
  Compact number;
  strip_separators(line.substr(5, 9), {}, number);
  for (char c : line.substr(15, end - 16)) {
    number.chars[number.size++] = c;
  }
  return check_matches(number.view(), line[end - 1]);
}

}  // namespace

// One MRZ line, ICAO Doc 9303 Parts 3-6: TD3 line 2 (44 characters: document number, birth
// date, expiry date, optional data, each with its check digit, and a composite check), TD2
// line 2 (36 characters, same fields without the optional-data check), or TD1 line 1 (30
// characters: document code, issuing state, document number and its check digit).
// Rules: 0-9, A-Z and `<` only; length 30, 36 or 44; TD1 line 1 starts with a letter; every
// check digit of the line matches (weights 7,3,1).
ValidationResult validate_mrz(std::string_view line) noexcept {
  if (line.size() != 30 && line.size() != 36 && line.size() != 44) {
    return invalid_because("length");
  }
  for (char c : line) {
    if (!is_digit(c) && !is_upper(c) && c != '<') {
      return invalid_because("characters");
    }
  }
  if (line.size() == 30) {
    if (!is_upper(line[0])) {
      return invalid_because("document code");
    }
    return td1_number_matches(line) ? k_valid : invalid_because("document number check digit");
  }
  if (!check_matches(line.substr(0, 9), line[9])) {
    return invalid_because("document number check digit");
  }
  if (!check_matches(line.substr(13, 6), line[19])) {
    return invalid_because("birth date check digit");
  }
  if (!check_matches(line.substr(21, 6), line[27])) {
    return invalid_because("expiry date check digit");
  }
  if (line.size() == 44 && !check_matches(line.substr(28, 14), line[42], true)) {
    return invalid_because("optional data check digit");
  }
  if (!composite_matches(line)) {
    return invalid_because("composite check digit");
  }
  return k_valid;
}

}  // namespace piiscan::validators
