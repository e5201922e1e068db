// Calendar dates as written in German-speaking documents, checked for plausibility as birth dates.
#include "validators_impl.hpp"

namespace piiscan::validators {
namespace {

// Reads a run of `min`..`max` digits at `pos`; returns -1 when there is none.
int read_number(std::string_view s, std::size_t& pos, std::size_t min, std::size_t max) noexcept {
  std::size_t n = 0;
  int value = 0;
  while (pos < s.size() && n < max && is_digit(s[pos])) {
    value = value * 10 + digit_value(s[pos++]);
    ++n;
  }
  return n >= min ? value : -1;
}

bool expect(std::string_view s, std::size_t& pos, char separator) noexcept {
  return pos < s.size() && s[pos++] == separator;
}

constexpr int days_in_month(int month, bool leap) noexcept {
  constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap ? 29 : k_days[month - 1];
}

}  // namespace

// Calendar date (Gregorian), formats DIN 5008 / ISO 8601: D.M.YYYY and DD.MM.YYYY, D.M.YY and
// DD.MM.YY, DD/MM/YYYY (also D/M/YYYY), YYYY-MM-DD.
// Rules: one of these formats exactly; month 1-12; day within the month (29 February only in
// leap years; for two-digit years any year divisible by 4); a four-digit year between 1900 and
// 2026 (plausible birth years).
ValidationResult validate_date(std::string_view value) noexcept {
  std::size_t pos = 0;
  int day = -1;
  int month = -1;
  int year = -1;
  bool two_digit_year = false;
  if (value.size() == 10 && value[4] == '-') {
    year = read_number(value, pos, 4, 4);
    month = expect(value, pos, '-') ? read_number(value, pos, 2, 2) : -1;
    day = expect(value, pos, '-') ? read_number(value, pos, 2, 2) : -1;
  } else {
    day = read_number(value, pos, 1, 2);
    const char separator = pos < value.size() ? value[pos] : '\0';
    if (separator != '.' && separator != '/') {
      return invalid_because("format");
    }
    month = expect(value, pos, separator) ? read_number(value, pos, 1, 2) : -1;
    const std::size_t year_start = pos + 1;
    year = expect(value, pos, separator) ? read_number(value, pos, 2, 4) : -1;
    two_digit_year = pos - year_start == 2;
    if (pos - year_start == 3 || (two_digit_year && separator == '/')) {
      return invalid_because("format");
    }
  }
  if (day < 0 || month < 0 || year < 0 || pos != value.size()) {
    return invalid_because("format");
  }
  if (month < 1 || month > 12) {
    return invalid_because("month");
  }
  const bool leap =
      two_digit_year ? year % 4 == 0 : (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day < 1 || day > days_in_month(month, leap)) {
    return invalid_because("day");
  }
  if (!two_digit_year && (year < 1900 || year > 2026)) {
    return invalid_because("year range");
  }
  return k_valid;
}

}  // namespace piiscan::validators
