// Unit tests for the "date" validator (src/validators/date.cpp).
#include <string>

#include "validator_test_support.hpp"

using namespace piiscan::test;

TEST_CASE("date: supported formats and impossible dates", "[validators][date]") {
  auto [value, expected] = GENERATE(table<std::string, piiscan::Verdict>({
      {"24.12.1985", valid},  // DD.MM.YYYY
      {"1.2.1980", valid},    // D.M.YYYY
      {"01.2.1980", valid},
      {"24.12.85", valid},    // DD.MM.YY
      {"1985-12-24", valid},  // YYYY-MM-DD
      {"24/12/1985", valid},  // DD/MM/YYYY
      {"29.02.2000", valid},  // leap year (divisible by 400)
      {"29.02.1996", valid},
      {"29.02.96", valid},       // two-digit year divisible by 4
      {"01.01.1900", valid},     // earliest plausible birth year
      {"31.12.2026", valid},     // latest plausible birth year
      {"29.02.1900", invalid},   // 1900 is no leap year: day
      {"29.02.1997", invalid},   // day
      {"31.04.1985", invalid},   // April has 30 days: day
      {"00.12.1985", invalid},   // day 0
      {"32.12.1985", invalid},   // day 32
      {"24.13.1985", invalid},   // month 13
      {"24.00.1985", invalid},   // month 0
      {"31.12.1899", invalid},   // before 1900: year range
      {"01.01.2027", invalid},   // after 2026: year range
      {"1985-12-4", invalid},    // ISO needs two-digit day: format
      {"24-12-1985", invalid},   // dashes only in ISO order: format
      {"24.12/1985", invalid},   // mixed separators: format
      {"24/12/85", invalid},     // two-digit year only with dots: format
      {"24.12.985", invalid},    // three-digit year: format
      {"24.12.19850", invalid},  // five-digit year: format
      {"124.12.1985", invalid},  // three-digit day: format
      {"24.12.1985 ", invalid},  // trailing space: format
      {"", invalid},
  }));
  INFO(value);
  CHECK(verdict_of("date", value) == expected);
}

TEST_CASE("date: failed steps", "[validators][date]") {
  CHECK(step_of("date", "31.04.1985") == "day");
  CHECK(step_of("date", "24.13.1985") == "month");
  CHECK(step_of("date", "31.12.1899") == "year range");
  CHECK(step_of("date", "24-12-1985") == "format");
}

TEST_CASE("date: every day of a leap and a common year", "[validators][date]") {
  const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int year : {2000, 2001, 1904, 1900}) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    for (int month = 1; month <= 12; ++month) {
      const int last = days[month - 1] + (month == 2 && leap ? 1 : 0);
      for (int day = 1; day <= 31; ++day) {
        const auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
        const std::string iso = std::to_string(year) + "-" + two(month) + "-" + two(day);
        INFO(iso);
        CHECK(verdict_of("date", iso) == (day <= last ? valid : invalid));
      }
    }
  }
}
