// Checksum and structure validators for identifiers.
//
// A validator is a pure, `noexcept` function of the matched text. It never reads outside the
// string it is given, never allocates on the heap, and never throws. Rules name validators by
// string (`validator = "iban"`); the single registry in src/validators/registry.cpp maps names
// to functions. Adding a validator means one function and one row in that table.
//
// Thread-safety: all functions here are reentrant and may be called from any thread.
#pragma once

#include <span>
#include <string_view>

namespace piiscan {

// Outcome of a validator. `valid` raises the candidate's confidence, `invalid` drops the
// candidate, `not_applicable` leaves its confidence as the rule sets it.
enum class Verdict { valid, invalid, not_applicable };

struct ValidationResult {
  Verdict verdict;
  // Empty unless `verdict` is `invalid`; names the step that rejected the value, e.g.
  // "check digit" or "length for country". Points to a string literal.
  std::string_view failed_step;
};

// A validator sees the matched value exactly as it stands in the text, separators included
// (e.g. "DE89 3704 0044 0532 0130 00"); it strips what its format allows itself.
using ValidatorFn = ValidationResult (*)(std::string_view value) noexcept;

// What a `valid` verdict shows for validators with check digits; see ValidatorInfo::valid_text.
inline constexpr std::string_view k_checksum_valid = "checksum valid";

struct ValidatorInfo {
  std::string_view name;       // referenced from rules: `validator = "iban"`
  ValidatorFn fn;
  std::string_view reference;  // the normative source, e.g. "ISO 13616, ISO 7064 MOD 97-10"
  // What `valid` shows, for the classifier's reasons: "checksum valid" for check digits,
  // "numbering plan valid" for telephone numbers, "valid date" for dates, ...
  std::string_view valid_text = k_checksum_valid;
};

// All built-in validators, in registry order.
std::span<const ValidatorInfo> builtin_validators() noexcept;

// The validator called `name`, or nullptr when there is none.
const ValidatorInfo* find_validator(std::string_view name) noexcept;

// Shorthands used by the registry and the validator tests.
inline constexpr ValidationResult k_valid{Verdict::valid, {}};
inline constexpr ValidationResult invalid_because(std::string_view step) noexcept {
  return {Verdict::invalid, step};
}

}  // namespace piiscan
