// The numbering plans of DE, AT and CH from libphonenumber's compiled-in metadata, compiled into
// RE2. libphonenumber's Parse + IsValidNumber run some twenty ICU regexes per call and were a
// third of all scan time; these plans answer the same question with two to four full matches
// per region tried, each by the pattern's EndFinder (detect/end_finder.hpp) where it can tell,
// else by RE2.
// Semantics follow libphonenumber 8.12 (PhoneNumberUtil::ParseHelper,
// MaybeStripNationalPrefixAndCarrierCode, TestNumberLength, GetNumberTypeHelper); the unit test
// phone_differential_test.cpp checks them against the library itself.
#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <phonenumbers/phonemetadata.pb.h>

#include "phone.hpp"

// Defined in libphonenumber (metadata.h there is not installed): the serialized
// PhoneMetadataCollection that PhoneNumberUtil loads.
namespace i18n::phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace piiscan::validators {

namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumberDesc;

// Regions in the order the validator tries a national-form number.
constexpr std::array<std::string_view, 3> k_regions = {"DE", "AT", "CH"};

// Whether `pattern` uses only digits, digit classes, \d, non-capturing groups, alternation and
// counted or optional repetition: the syntax in which ICU (libphonenumber's engine) and RE2
// agree. Anything else makes us fall back to libphonenumber rather than guess.
bool plain_digit_pattern(std::string_view pattern) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 == pattern.size() || pattern[i + 1] != 'd') {
        return false;
      }
      ++i;
    } else if (!is_digit(c) && std::string_view("[]-(?:){},|").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool compiles(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  return RE2(pattern, options).ok();
}

// Lengths are kept as bit sets; -1 is libphonenumber's "no numbers of this type".
bool usable_lengths(const std::vector<int>& lengths) {
  return std::all_of(lengths.begin(), lengths.end(), [](int n) { return n >= -1 && n < 32; });
}

bool usable(const PhoneDescSource& desc) {
  return usable_lengths(desc.lengths) && plain_digit_pattern(desc.pattern) &&
         compiles(desc.pattern);
}

PhoneDescSource desc_source(const PhoneNumberDesc& desc) {
  return {desc.national_number_pattern(),
          {desc.possible_length().begin(), desc.possible_length().end()}};
}

// The type descriptions in GetNumberTypeHelper's order. A description without a pattern never
// matches (RegexBasedMatcher::MatchNationalNumber), so it is left out. When the metadata says
// fixed-line and mobile patterns are the same, libphonenumber never tries mobile on its own.
std::vector<PhoneDescSource> type_sources(const PhoneMetadata& m) {
  std::vector<const PhoneNumberDesc*> descs = {
      &m.premium_rate(), &m.toll_free(), &m.shared_cost(), &m.voip(), &m.personal_number(),
      &m.pager(),        &m.uan(),       &m.voicemail(),   &m.fixed_line()};
  if (!m.same_mobile_and_fixed_line_pattern()) {
    descs.push_back(&m.mobile());
  }
  std::vector<PhoneDescSource> types;
  for (const PhoneNumberDesc* desc : descs) {
    if (!desc->national_number_pattern().empty()) {
      types.push_back(desc_source(*desc));
    }
  }
  return types;
}

// The general description needs a pattern and real lengths: TestNumberLength reads the first
// length, and -1 there would mean "no numbers at all".
bool usable_general(const PhoneDescSource& general) {
  const auto& lengths = general.lengths;
  return !general.pattern.empty() && !lengths.empty() && usable(general) &&
         std::all_of(lengths.begin(), lengths.end(), [](int n) {
           return n >= 1 && n <= static_cast<int>(PhonePlan::k_max_nsn_length);
         });
}

// Only a literal national prefix without transform rule is reproduced (DE, AT, CH: "0").
bool usable(const PhoneMetadata& m, const PhonePlanSource& plan) {
  return m.national_prefix_transform_rule().empty() && all_digits(plan.national_prefix) &&
         usable_general(plan.general) && usable_lengths(plan.local_only_lengths) &&
         std::all_of(plan.types.begin(), plan.types.end(),
                     [](const PhoneDescSource& d) { return usable(d); });
}

// MaybeStripNationalPrefixAndCarrierCode reads national_prefix_for_parsing only; libphonenumber's
// metadata builder fills it from national_prefix, so no fallback is needed here.
PhonePlanSource plan_source(const PhoneMetadata& m) {
  PhonePlanSource plan;
  plan.region = m.id();
  plan.country_code = m.country_code();
  plan.national_prefix = m.national_prefix_for_parsing();
  plan.general = desc_source(m.general_desc());
  const auto& local = m.general_desc().possible_length_local_only();
  plan.local_only_lengths.assign(local.begin(), local.end());
  plan.types = type_sources(m);
  return plan;
}

// The three calling codes must belong to these regions alone: with a shared calling code,
// IsValidNumber would pick the region by leading digits. And "0049…" is international only
// because Germany's international prefix is "00".
bool codes_unshared(const PhoneMetadataCollection& collection) {
  int regions = 0;
  for (const PhoneMetadata& m : collection.metadata()) {
    const int code = m.country_code();
    regions += (code == 49 || code == 43 || code == 41) ? 1 : 0;
    if (m.id() == "DE" && m.international_prefix() != "00") {
      return false;
    }
  }
  return regions == 3;
}

std::unique_ptr<std::array<PhonePlanSource, 3>> load_sources() {
  PhoneMetadataCollection collection;
  if (!collection.ParseFromArray(i18n::phonenumbers::metadata_get(),
                                 i18n::phonenumbers::metadata_size()) ||
      !codes_unshared(collection)) {
    return nullptr;
  }
  auto plans = std::make_unique<std::array<PhonePlanSource, 3>>();
  for (std::size_t i = 0; i < k_regions.size(); ++i) {
    const auto& all = collection.metadata();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const PhoneMetadata& m) { return m.id() == k_regions[i]; });
    if (it == all.end()) {
      return nullptr;
    }
    (*plans)[i] = plan_source(*it);
    if (!usable(*it, (*plans)[i])) {
      return nullptr;
    }
  }
  return plans;
}

PhonePlan::LengthSet length_set(const std::vector<int>& lengths) {
  PhonePlan::LengthSet set = 0;
  for (int n : lengths) {
    set |= n >= 0 ? PhonePlan::LengthSet{1} << n : 0;
  }
  return set;
}

std::unique_ptr<RE2> compile(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  return std::make_unique<RE2>(pattern, options);
}

// Whether a full match of `re` may begin with `prefix`: false only when RE2's lower bound of its
// matches sorts after every string that begins with `prefix`.
bool may_begin_with(const RE2& re, const std::string& prefix) {
  std::string min;
  std::string max;
  if (!re.ok() || !re.PossibleMatchRange(&min, &max, static_cast<int>(prefix.size()))) {
    return true;
  }
  return min.compare(0, prefix.size(), prefix) <= 0;
}

// One alternation of the type patterns that admit `length` (a type without lengths of its own
// admits those of the general description, already checked), or "" when none does.
std::string types_pattern(const std::vector<PhoneDescSource>& types, int length) {
  std::string pattern;
  for (const PhoneDescSource& type : types) {
    const auto& lengths = type.lengths;
    if (lengths.empty() || std::find(lengths.begin(), lengths.end(), length) != lengths.end()) {
      pattern += (pattern.empty() ? "(?:" : "|(?:") + type.pattern + ")";
    }
  }
  return pattern;
}

std::unique_ptr<const std::array<PhonePlan, 3>> compile_plans() noexcept {
  try {
    const std::array<PhonePlanSource, 3>* sources = phone_plan_sources();
    if (sources == nullptr) {
      return nullptr;
    }
    auto plans = std::make_unique<const std::array<PhonePlan, 3>>(std::array<PhonePlan, 3>{
        PhonePlan((*sources)[0]), PhonePlan((*sources)[1]), PhonePlan((*sources)[2])});
    const bool ok =
        std::all_of(plans->begin(), plans->end(), [](const PhonePlan& p) { return p.ok(); });
    return ok ? std::move(plans) : nullptr;
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

const std::array<PhonePlanSource, 3>* phone_plan_sources() noexcept {
  static const std::unique_ptr<std::array<PhonePlanSource, 3>> sources = [] {
    try {
      return load_sources();
    } catch (const std::exception&) {
      return std::unique_ptr<std::array<PhonePlanSource, 3>>();
    }
  }();
  return sources.get();
}

const std::array<PhonePlan, 3>* phone_plans() noexcept {
  thread_local const std::unique_ptr<const std::array<PhonePlan, 3>> plans = compile_plans();
  return plans.get();
}

PhonePlan::PhonePlan(const PhonePlanSource& source)
    : country_code_(source.country_code),
      national_prefix_(source.national_prefix),
      general_lengths_(length_set(source.general.lengths)),
      local_only_lengths_(length_set(source.local_only_lengths)),
      general_(matcher(source.general.pattern)),
      prefix_may_match_general_(may_begin_with(*general_.re, national_prefix_)) {
  for (std::size_t n = 0; n <= k_max_nsn_length; ++n) {
    if ((general_lengths_ >> n & 1) != 0) {
      types_pattern_by_length_[n] = types_pattern(source.types, static_cast<int>(n));
    }
  }
}

bool PhonePlan::ok() const noexcept { return general_.re->ok(); }

PhonePlan::Matcher PhonePlan::matcher(const std::string& pattern) {
  // Compiled once for all threads: each thread compiling its own plans cost it 30 M
  // instructions (callgrind, share-0.25), most of it RE2's compilation.
  struct Compiled {
    std::shared_ptr<const RE2> re;
    std::unique_ptr<const EndFinder> full;  // never run: the twins are
  };
  static std::mutex mutex;
  static std::map<std::string, Compiled, std::less<>> compiled;
  const std::lock_guard lock(mutex);
  auto found = compiled.find(pattern);
  if (found == compiled.end()) {
    Compiled entry{compile(pattern), nullptr};
    if (entry.re->ok()) {
      entry.full = EndFinder::make("(?:" + pattern + ")$");  // `$`: the end of the text only
    }
    found = compiled.emplace(pattern, std::move(entry)).first;
  }
  return Matcher{found->second.re, found->second.full ? found->second.full->twin() : nullptr};
}

bool PhonePlan::full_match(std::string_view nsn, const Matcher& matcher) noexcept {
  if (matcher.full) {
    std::size_t end = 0;
    switch (matcher.full->match_end(nsn, 0, nsn.size(), end)) {
      case EndFinder::Answer::matched: return true;
      case EndFinder::Answer::no_match: return false;
      case EndFinder::Answer::ask_re2: break;
    }
  }
  return RE2::FullMatch(nsn, *matcher.re);
}

const PhonePlan::Matcher* PhonePlan::types_for(std::size_t length) const noexcept {
  Matcher& types = types_by_length_[length];
  if (!types.re) {
    try {
      types = matcher(types_pattern_by_length_[length]);
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  return types.re->ok() ? &types : nullptr;
}

// TestNumberLength against the general description: Parse keeps the prefix when the rest would
// be TOO_SHORT, IS_POSSIBLE_LOCAL_ONLY or INVALID_LENGTH; TOO_LONG still strips.
bool PhonePlan::possible_after_stripping(std::size_t length) const noexcept {
  if (length > k_max_nsn_length) {
    return true;  // longer than any possible length: TOO_LONG
  }
  if ((local_only_lengths_ >> length & 1) != 0) {
    return false;
  }
  const LengthSet up_to_length = (LengthSet{2} << length) - 1;
  const bool too_long = (general_lengths_ & ~up_to_length) == 0;
  return (general_lengths_ >> length & 1) != 0 || too_long;
}

// MaybeStripNationalPrefixAndCarrierCode followed by ParseHelper's length test. The prefix is
// also removed after a country code: "+49 (0)30 …" has the NSN "30…".
std::string_view PhonePlan::national_significant_number(std::string_view number) const noexcept {
  if (national_prefix_.empty() || !number.starts_with(national_prefix_)) {
    return number;
  }
  const std::string_view stripped = number.substr(national_prefix_.size());
  // Stripping must not turn a number of the general pattern into one outside it. (Where the
  // pattern cannot begin with the prefix, as in DE, AT and CH, this saves a third of the matches.)
  if (prefix_may_match_general_ && full_match(number, general_) &&
      !full_match(stripped, general_)) {
    return number;
  }
  return possible_after_stripping(stripped.size()) ? stripped : number;
}

// ParseHelper's NSN bounds (kMinLengthForNsn 2, kMaxLengthForNsn 17), then GetNumberTypeHelper:
// the general description, then any number type; each with its lengths and a full match.
std::optional<bool> PhonePlan::valid(std::string_view nsn) const noexcept {
  const std::size_t length = nsn.size();
  if (length < 2 || length > k_max_nsn_length || (general_lengths_ >> length & 1) == 0 ||
      types_pattern_by_length_[length].empty() || !full_match(nsn, general_)) {
    return false;
  }
  const Matcher* types = types_for(length);
  if (types == nullptr) {
    return std::nullopt;
  }
  return full_match(nsn, *types);
}

}  // namespace piiscan::validators
