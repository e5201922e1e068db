// Private header of the phone_number validator (phone.cpp, phone_plan.cpp): libphonenumber's
// numbering plans of DE, AT and CH compiled into RE2, and the libphonenumber check they replace,
// kept so that the unit tests can compare the two.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <re2/re2.h>
#include <string>
#include <string_view>
#include <vector>

#include "detect/end_finder.hpp"
#include "validators_impl.hpp"

namespace piiscan::validators {

// One PhoneNumberDesc of libphonenumber's metadata: a national-number pattern and the lengths
// it admits (empty: the lengths of the general description).
struct PhoneDescSource {
  std::string pattern;
  std::vector<int> lengths;
};

// The part of one region's PhoneMetadata that IsValidNumber and Parse read for our inputs.
struct PhonePlanSource {
  std::string region;           // "DE"
  int country_code = 0;         // 49
  std::string national_prefix;  // national_prefix_for_parsing, digits only ("0")
  PhoneDescSource general;
  std::vector<int> local_only_lengths;  // general_desc.possible_length_local_only
  // The number types IsValidNumber tries after the general description, in its order.
  std::vector<PhoneDescSource> types;
};

// DE, AT and CH as read from libphonenumber's compiled-in metadata (parsed once), or nullptr
// when the metadata cannot be read or uses something this module does not reproduce (a
// national-prefix transform rule, a pattern outside the plain digit-class syntax).
const std::array<PhonePlanSource, 3>* phone_plan_sources() noexcept;

// One region's plan compiled into RE2, answering what libphonenumber's Parse + IsValidNumber
// answer for a number given as plain digits.
class PhonePlan {
 public:
  using LengthSet = std::uint32_t;  // bit n: length n
  static constexpr std::size_t k_max_nsn_length = 17;  // PhoneNumberUtil::kMaxLengthForNsn

  explicit PhonePlan(const PhonePlanSource& source);
  [[nodiscard]] bool ok() const noexcept;
  [[nodiscard]] int country_code() const noexcept { return country_code_; }
  // The national significant number of `number` (digits after the country code, or the whole
  // national form): `number` with the national prefix removed where Parse removes it.
  [[nodiscard]] std::string_view national_significant_number(
      std::string_view number) const noexcept;
  // IsValidNumberForRegion on a national significant number; nullopt when the type patterns
  // of its length do not compile, and libphonenumber has to answer.
  [[nodiscard]] std::optional<bool> valid(std::string_view nsn) const noexcept;

 private:
  // An RE2 with the EndFinder of its full match (null where the EndFinder cannot take it). The
  // RE2 is shared by all threads' plans, the EndFinder a twin of this thread's own (matcher()).
  struct Matcher {
    std::shared_ptr<const RE2> re;
    std::unique_ptr<EndFinder> full;
  };
  static Matcher matcher(const std::string& pattern);
  // RE2::FullMatch, answered by the EndFinder where it can: a national number took RE2 about
  // 1,000 instructions a match, a fifth of the work on a customer export's findings.
  static bool full_match(std::string_view nsn, const Matcher& matcher) noexcept;

  [[nodiscard]] bool possible_after_stripping(std::size_t length) const noexcept;
  [[nodiscard]] const Matcher* types_for(std::size_t length) const noexcept;

  int country_code_;
  std::string national_prefix_;
  LengthSet general_lengths_ = 0;
  LengthSet local_only_lengths_ = 0;
  Matcher general_;
  // False when no number beginning with the national prefix can match general_, so that
  // stripping the prefix need not ask RE2 about the unstripped number.
  bool prefix_may_match_general_ = true;
  // For each NSN length, the alternation of the type patterns admitting that length ("" when
  // none does), so that one match answers "is it of any type".
  std::array<std::string, k_max_nsn_length + 1> types_pattern_by_length_;
  // Each compiled on first use: a scan meets a few lengths, and compiling all 27 cost every
  // thread 31 M instructions (15 ms of a scan of one file holding one phone number). Plans
  // belong to one thread, so no lock guards this.
  mutable std::array<Matcher, k_max_nsn_length + 1> types_by_length_;
};

// The three plans of the calling thread, or nullptr when phone_plan_sources() is null or a
// general pattern does not compile (the type patterns compile on first use; see
// PhonePlan::valid). Each pattern is compiled once for all threads; a thread's plans have
// EndFinders of their own, and share the RE2s, which are asked only where an EndFinder cannot
// tell (a byte from 0x80), so that their DFA cache lock is seldom taken.
const std::array<PhonePlan, 3>* phone_plans() noexcept;

// The phone_number validator as it was before the RE2 plans: the same structural checks, then
// libphonenumber's Parse + IsValidNumber. Allocates; for the differential test and as fallback.
ValidationResult validate_phone_number_libphonenumber(std::string_view value) noexcept;

}  // namespace piiscan::validators
