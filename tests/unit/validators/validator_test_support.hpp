// Helpers shared by the validator unit tests: run a validator by registry name, print verdicts
// readably, and derive the single-character corruptions of a specimen.
#pragma once

#include <catch2/catch.hpp>
#include <cstddef>
#include <piiscan/validators.hpp>
#include <string>
#include <string_view>

namespace Catch {
template <>
struct StringMaker<piiscan::Verdict> {
  static std::string convert(piiscan::Verdict verdict) {
    switch (verdict) {
      case piiscan::Verdict::valid:
        return "valid";
      case piiscan::Verdict::invalid:
        return "invalid";
      case piiscan::Verdict::not_applicable:
        return "not_applicable";
    }
    return "?";
  }
};
}  // namespace Catch

namespace piiscan::test {

inline constexpr Verdict valid = Verdict::valid;
inline constexpr Verdict invalid = Verdict::invalid;
inline constexpr Verdict not_applicable = Verdict::not_applicable;

// The result of the registered validator `name` on `value`; fails the test if `name` is unknown.
inline ValidationResult run(std::string_view name, std::string_view value) {
  const ValidatorInfo* info = find_validator(name);
  REQUIRE(info != nullptr);
  return info->fn(value);
}

inline Verdict verdict_of(std::string_view name, std::string_view value) {
  return run(name, value).verdict;
}

inline std::string step_of(std::string_view name, std::string_view value) {
  return std::string(run(name, value).failed_step);
}

// Every single-character substitution of `specimen` at the positions holding a character of
// `alphabet`, by every other character of `alphabet`. For each corruption, the validator must
// say valid exactly when `reference` (a slow, independent statement of the rule in the test)
// accepts it. Returns how many corruptions were rejected, so callers can assert the check digit
// catches them (every single substitution, for most algorithms).
template <class Reference>
int check_single_substitutions(std::string_view name, const std::string& specimen,
                               std::string_view alphabet, Reference reference) {
  int rejected = 0;
  for (std::size_t i = 0; i < specimen.size(); ++i) {
    if (alphabet.find(specimen[i]) == std::string_view::npos) {
      continue;  // separators and fixed letters stay
    }
    for (char c : alphabet) {
      if (c == specimen[i]) {
        continue;
      }
      std::string corrupted = specimen;
      corrupted[i] = c;
      const Verdict expected = reference(corrupted) ? Verdict::valid : Verdict::invalid;
      INFO("corruption " << corrupted);
      CHECK(verdict_of(name, corrupted) == expected);
      rejected += expected == Verdict::invalid ? 1 : 0;
    }
  }
  return rejected;
}

// Digit value of an ASCII digit, for the reference implementations in the tests.
inline int digit(char c) { return c - '0'; }

inline constexpr std::string_view k_digits = "0123456789";
inline constexpr std::string_view k_upper_alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

}  // namespace piiscan::test
