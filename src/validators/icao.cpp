// Machine-readable travel document numbers: ICAO Doc 9303 check digit, German ID card and
// passport numbers.
#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

// Serial-number alphabet of German documents since Nov 2010 (no vowels, no B D Q S).
constexpr std::string_view k_german_alphabet = "CFGHJKLMNPRTVWXYZ0123456789";

// Steps shared by the three document-number validators.
ValidationResult check_shape(std::string_view value) noexcept {
  if (value.size() != 10) {
    return invalid_because("length");
  }
  for (char c : value) {
    if (!is_digit(c) && !is_upper(c)) {
      return invalid_because("characters");
    }
  }
  return k_valid;
}

ValidationResult check_digit_step(std::string_view value) noexcept {
  if (!is_digit(value[9]) || icao9303_check_digit(value.substr(0, 9)) != digit_value(value[9])) {
    return invalid_because("check digit");
  }
  return k_valid;
}

bool in_german_alphabet(std::string_view serial) noexcept {
  return serial.find_first_not_of(k_german_alphabet) == std::string_view::npos;
}

}  // namespace

int icao9303_check_digit(std::string_view chars) noexcept {
  constexpr int k_weights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const char c = chars[i];
    int v = 0;
    if (is_digit(c)) {
      v = digit_value(c);
    } else if (is_upper(c)) {
      v = c - 'A' + 10;
    } else if (c != '<') {
      return -1;
    }
    sum += v * k_weights[i % 3];
  }
  return sum % 10;
}

// Travel document number with its check digit, ICAO Doc 9303 Part 3 §4.9 (weights 7,3,1;
// A=10 ... Z=35) — the check digit is a 10th character computed over all nine.
// Rules: exactly 10 characters; 0-9 and A-Z (upper case); character 10 is the check digit.
ValidationResult validate_icao_document(std::string_view value) noexcept {
  if (const ValidationResult shape = check_shape(value); shape.verdict != Verdict::valid) {
    return shape;
  }
  return check_digit_step(value);
}

// German identity card (Personalausweis since Nov 2010) number plus MRZ check digit,
// PAuswV / ICAO Doc 9303 Part 3.
// Rules: as icao_document; the nine serial characters use the German document alphabet
// C F G H J K L M N P R T V W X Y Z 0-9 and contain at least one digit.
ValidationResult validate_de_id_card(std::string_view value) noexcept {
  if (const ValidationResult shape = check_shape(value); shape.verdict != Verdict::valid) {
    return shape;
  }
  const std::string_view serial = value.substr(0, 9);
  if (!in_german_alphabet(serial)) {
    return invalid_because("alphabet");
  }
  if (serial.find_first_of("0123456789") == std::string_view::npos) {
    return invalid_because("no digit");
  }
  return check_digit_step(value);
}

// German passport (Reisepass) number plus MRZ check digit, PassV / ICAO Doc 9303 Part 3.
// Rules: as icao_document; German document alphabet; first character C F G H J or K.
ValidationResult validate_de_passport(std::string_view value) noexcept {
  if (const ValidationResult shape = check_shape(value); shape.verdict != Verdict::valid) {
    return shape;
  }
  if (!in_german_alphabet(value.substr(0, 9))) {
    return invalid_because("alphabet");
  }
  if (std::string_view("CFGHJK").find(value[0]) == std::string_view::npos) {
    return invalid_because("first character");
  }
  return check_digit_step(value);
}

}  // namespace piiscan::validators
