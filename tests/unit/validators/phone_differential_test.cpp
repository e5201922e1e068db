// Differential test of the "phone_number" validator: the numbering plans compiled into RE2
// (src/validators/phone_plan.cpp) against libphonenumber's Parse + IsValidNumber, which they
// replace, on generated numbers. The generator draws national significant numbers from the
// metadata's own patterns (so that most boundaries of the plans are hit), mutates them, and
// writes them in the forms people use; plus random digit runs and real-looking numbers.
// Also a hidden benchmark of both implementations: piiscan_unit_tests "[.benchmark]".
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <optional>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "validator_test_support.hpp"
#include "validators/phone.hpp"

namespace {

using piiscan::ValidationResult;
using piiscan::Verdict;
using piiscan::validators::PhonePlanSource;

// ---- random strings from a metadata pattern ------------------------------------------------

// A pattern of libphonenumber's digit syntax (digits, [classes], \d, (?:…), |, ?, {n,m}) as a
// tree: a node is a character set or a group of alternative sequences, repeated min..max times.
struct Node;
using Alternatives = std::vector<std::vector<Node>>;
struct Node {
  std::string chars;
  Alternatives group;
  int min = 1;
  int max = 1;
};

class PatternParser {
 public:
  explicit PatternParser(std::string_view pattern) : p_(pattern) {}

  Alternatives alternatives() {
    Alternatives alts(1);
    while (pos_ < p_.size() && p_[pos_] != ')') {
      if (p_[pos_] == '|') {
        ++pos_;
        alts.emplace_back();
        continue;
      }
      Node node = atom();
      quantifier(node);
      alts.back().push_back(std::move(node));
    }
    return alts;
  }

 private:
  Node atom() {
    Node node;
    const char c = p_[pos_++];
    if (c == '\\') {
      ++pos_;  // \d
      node.chars = "0123456789";
    } else if (c == '[') {
      node.chars = char_class();
    } else if (c == '(') {
      pos_ += 2;  // ?:
      node.group = alternatives();
      ++pos_;  // )
    } else {
      node.chars = std::string(1, c);
    }
    return node;
  }

  std::string char_class() {
    std::string chars;
    while (p_[pos_] != ']') {
      const char first = p_[pos_++];
      if (first == '\\') {
        ++pos_;
        chars += "0123456789";
      } else if (p_[pos_] == '-' && p_[pos_ + 1] != ']') {
        for (char c = first; c <= p_[pos_ + 1]; ++c) {
          chars += c;
        }
        pos_ += 2;
      } else {
        chars += first;
      }
    }
    ++pos_;
    return chars;
  }

  void quantifier(Node& node) {
    if (pos_ < p_.size() && p_[pos_] == '?') {
      node.min = 0;
      ++pos_;
    } else if (pos_ < p_.size() && p_[pos_] == '{') {
      node.min = number();
      node.max = p_[pos_] == ',' ? number() : node.min;
      ++pos_;  // }
    }
  }

  int number() {
    ++pos_;  // { or ,
    int n = 0;
    while (piiscan::validators::is_digit(p_[pos_])) {
      n = n * 10 + (p_[pos_++] - '0');
    }
    return n;
  }

  std::string_view p_;
  std::size_t pos_ = 0;
};

int uniform(std::mt19937& rng, int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(rng);
}

bool chance(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }

template <class T>
const T& pick(std::mt19937& rng, const std::vector<T>& items) {
  return items[static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(items.size()) - 1))];
}

void sample(const Alternatives& alts, std::mt19937& rng, std::string& out) {
  for (const Node& node : pick(rng, alts)) {
    for (int i = uniform(rng, node.min, node.max); i > 0; --i) {
      if (node.group.empty()) {
        out += node.chars[static_cast<std::size_t>(
            uniform(rng, 0, static_cast<int>(node.chars.size()) - 1))];
      } else {
        sample(node.group, rng, out);
      }
    }
  }
}

// ---- numbers ---------------------------------------------------------------------------------

struct Region {
  std::string code;                   // "49"
  std::vector<Alternatives> patterns;  // general description first, then the number types
  std::vector<std::string> area_codes;  // real-looking ones, without trunk prefix
};

std::vector<Region> regions_from_metadata() {
  const auto* sources = piiscan::validators::phone_plan_sources();
  REQUIRE(sources != nullptr);
  const std::map<std::string, std::vector<std::string>> area_codes = {
      {"DE", {"30", "40", "89", "69", "221", "211", "711", "341", "351", "201", "231", "2151",
              "33203", "3821", "151", "160", "170", "171", "176", "1805", "137", "900", "700",
              "800", "32", "180", "15799"}},
      {"AT", {"1", "316", "662", "512", "732", "463", "2742", "664", "660", "676", "699", "650",
              "800", "810", "900", "720", "50", "517", "5"}},
      {"CH", {"44", "31", "61", "21", "22", "41", "71", "91", "79", "78", "76", "77", "75",
              "800", "840", "900", "58", "860", "878", "74"}},
  };
  std::vector<Region> regions;
  for (const PhonePlanSource& source : *sources) {
    Region region{std::to_string(source.country_code), {}, area_codes.at(source.region)};
    region.patterns.push_back(PatternParser(source.general.pattern).alternatives());
    for (const auto& type : source.types) {
      region.patterns.push_back(PatternParser(type.pattern).alternatives());
    }
    regions.push_back(std::move(region));
  }
  return regions;
}

std::string random_digits(std::mt19937& rng, int count) {
  std::string digits;
  for (int i = 0; i < count; ++i) {
    digits += static_cast<char>('0' + uniform(rng, 0, 9));
  }
  return digits;
}

// Near misses: one digit changed, dropped or added, or the number cut or extended.
void mutate(std::mt19937& rng, std::string& nsn) {
  const int kind = uniform(rng, 0, 19);
  const auto at = [&](std::size_t extra) {
    return static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(nsn.size() + extra) - 1));
  };
  if (kind < 3 && !nsn.empty()) {
    nsn[at(0)] = static_cast<char>('0' + uniform(rng, 0, 9));
  } else if (kind < 5 && nsn.size() > 1) {
    nsn.erase(at(0), 1);
  } else if (kind < 7) {
    nsn.insert(at(1), 1, static_cast<char>('0' + uniform(rng, 0, 9)));
  } else if (kind < 8 && !nsn.empty()) {
    nsn.resize(static_cast<std::size_t>(uniform(rng, 1, static_cast<int>(nsn.size()))));
  } else if (kind < 9) {
    nsn += random_digits(rng, uniform(rng, 1, 4));
  }
}

// Writes `digits` in groups the way people do: unbroken, area code apart, pairs, DIN 5008
// groups, slashes, dots, brackets, or separators strewn anywhere.
std::string group_digits(std::mt19937& rng, const std::string& digits) {
  static const std::vector<std::string> separators = {" ", "-", "/", ".", " / ", " - ", "  "};
  const int style = uniform(rng, 0, 5);
  if (style == 0 || digits.size() < 2) {
    return digits;
  }
  const std::size_t area = static_cast<std::size_t>(
      uniform(rng, 1, static_cast<int>(std::min<std::size_t>(digits.size() - 1, 5))));
  if (style == 1) {
    return digits.substr(0, area) + pick(rng, separators) + digits.substr(area);
  }
  if (style == 2) {
    return "(" + digits.substr(0, area) + ") " + digits.substr(area);
  }
  std::string out;
  const std::string sep = pick(rng, separators);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const bool cut =
        style == 5 ? chance(rng, 0.2) : (i > 0 && i % static_cast<std::size_t>(style - 1) == 0);
    if (i > 0 && cut) {
      out += style == 5 ? std::string(1, " .-/()"[uniform(rng, 0, 5)]) : sep;
    }
    out += digits[i];
  }
  return out;
}

std::string international_prefix(std::mt19937& rng, const std::string& code) {
  static const std::vector<std::string> forms = {"+", "+", "+", "00", "(+", "+ "};
  static const std::vector<std::string> after = {" ", " ", "", "-", " (0)", "(0)", " (0) ",
                                                 "-(0)-", " 0", "0", ") ", "/"};
  return pick(rng, forms) + code + pick(rng, after);
}

std::string national(std::mt19937& rng, const std::string& nsn) {
  if (chance(rng, 0.2) && nsn.size() > 3) {
    const std::size_t area = static_cast<std::size_t>(uniform(rng, 1, 4));
    return "(0" + nsn.substr(0, area) + ") " + group_digits(rng, nsn.substr(area));
  }
  return group_digits(rng, "0" + nsn);
}

// A national significant number drawn from one of the region's patterns, often disturbed.
std::string metadata_nsn(std::mt19937& rng, const Region& region) {
  std::string nsn;
  sample(pick(rng, region.patterns), rng, nsn);
  if (chance(rng, 0.4)) {
    mutate(rng, nsn);
  }
  return nsn;
}

std::string real_looking_nsn(std::mt19937& rng, const Region& region) {
  return pick(rng, region.area_codes) + random_digits(rng, uniform(rng, 3, 10));
}

std::string random_value(std::mt19937& rng) {
  static const std::vector<std::string> prefixes = {
      "0", "00", "+", "+49", "+43", "+41", "0049", "0043", "0041", "+49 (0)", "+43 (0)",
      "+41 (0)", "+49 0", "(0", "+33", "0033", "+490", "0", "0"};
  return pick(rng, prefixes) + group_digits(rng, random_digits(rng, uniform(rng, 4, 17)));
}

// One generated value; `i` rotates through the kinds of input.
std::string generated_value(std::mt19937& rng, const std::vector<Region>& regions, int i) {
  const Region& region = pick(rng, regions);
  // Now and then a number of one country under the calling code of another.
  const std::string& code = chance(rng, 0.1) ? pick(rng, regions).code : region.code;
  switch (i % 5) {
    case 0:
      return international_prefix(rng, code) + group_digits(rng, metadata_nsn(rng, region));
    case 1:
      return national(rng, metadata_nsn(rng, region));
    case 2:
      return random_value(rng);
    case 3:
      return international_prefix(rng, code) + group_digits(rng, real_looking_nsn(rng, region));
    default:
      return national(rng, real_looking_nsn(rng, region));
  }
}

// The values of phone_test.cpp and a few forms that exercise national-prefix stripping.
const std::vector<std::string> k_fixed_values = {
    "+49 30 12345678", "+49 (0)30 12345678", "+49-89-1234567", "0049 89 1234567",
    "030 12345678", "(030) 1234567", "030/1234567", "0171 1234567", "+43 1 58800",
    "+43 664 1234567", "01 58800", "+41 44 668 18 00", "+41 79 123 45 67", "044 668 18 00",
    "+33 1 23 45 67 89", "0033 1 23 45 67 89", "+49 123", "+49 30 12", "12345678",
    "030 1234 5678 9012 3456", "+49 30 12a45678", "1.2.3.4", "", "12345", "4930123456",
    "+49 0 30 1234567", "+49 00 30 1234567", "0049 (0) 30 123456", "+43 (0) 1 58800",
    "+41 (0)44 668 18 00", "+41 0 44 668 18 00", "00 49 30 1234567", "+49 (0)1", "0 30 12",
    "+490123456", "+4901234567", "+43 0 5 1234", "0800 1234567", "+49 800 1234567",
    "+49 (0) 700 12345678", "01805 123456", "+49 32 12345678901", "+49 4930 1234",
    "+41 860 123 456 789", "(+49) 30 1234567", "+ 49 30 1234567", "-+49 30 1234567-",
};

// ---- national significant numbers ----------------------------------------------------------

// The calling code and national significant number libphonenumber's Parse gives `value` with
// default region `region`, or nullopt when it refuses the value.
std::optional<std::pair<int, std::string>> parsed_by_libphonenumber(const std::string& value,
                                                                     const std::string& region) {
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  i18n::phonenumbers::PhoneNumber parsed;
  if (util.Parse(value, region, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return std::nullopt;
  }
  std::string nsn;
  util.GetNationalSignificantNumber(parsed, &nsn);
  return std::make_pair(static_cast<int>(parsed.country_code()), nsn);
}

// Compares, for every region the validator tries, the NSN a plan derives from `value` with the
// one libphonenumber parses; a refused parse must be an invalid number for the plan. Verdicts
// alone cannot show the national-prefix rules: an NSN that keeps its 0 is invalid in all three
// plans whichever rule kept it. Returns a description of the first difference, or "".
std::string nsn_difference(const std::string& value) {
  std::string digits;
  for (char c : value) {
    digits += piiscan::validators::is_digit(c) ? std::string(1, c) : "";
  }
  const bool plus = value.find('+') != std::string::npos;
  const bool international = plus || digits.starts_with("00");
  const std::string after_prefix = international && !plus ? digits.substr(2) : digits;
  const auto& plans = *piiscan::validators::phone_plans();
  const auto& sources = *piiscan::validators::phone_plan_sources();
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const int code = international ? std::stoi(after_prefix.substr(0, 2)) : plans[i].country_code();
    const auto plan = std::find_if(plans.begin(), plans.end(),
                                   [&](const auto& p) { return p.country_code() == code; });
    const std::string number = international ? after_prefix.substr(2) : after_prefix;
    const std::string nsn(plan->national_significant_number(number));
    const auto parsed = parsed_by_libphonenumber(value, sources[i].region);
    if (parsed ? *parsed != std::make_pair(code, nsn) : plan->valid(nsn).value_or(true)) {
      return sources[i].region + ": plan NSN " + nsn + ", libphonenumber " +
             (parsed ? std::to_string(parsed->first) + " " + parsed->second : "refuses");
    }
    if (international) {
      break;  // international forms are parsed with region DE only
    }
  }
  return {};
}

// How many values to generate. ASan's allocator makes libphonenumber (not instrumented, but
// allocating throughout Parse) three times slower, so the sanitizer build compares fewer to stay
// within a few seconds; the optimised build compares all of them.
#if defined(__SANITIZE_ADDRESS__)
constexpr int k_generated = 50'000;
#else
constexpr int k_generated = 200'000;
#endif

struct Mismatch {
  std::string value;
  ValidationResult fast;
  ValidationResult reference;
};

std::string describe(const ValidationResult& r) {
  return r.verdict == Verdict::valid ? "valid" : "invalid (" + std::string(r.failed_step) + ")";
}

}  // namespace

TEST_CASE("phone_number: RE2 plans give libphonenumber's verdicts", "[validators][phone_number]") {
  REQUIRE(piiscan::validators::phone_plans() != nullptr);  // else both sides are libphonenumber
  const std::vector<Region> regions = regions_from_metadata();
  std::vector<std::string> values = k_fixed_values;
  std::mt19937 rng(20240611);
  for (int i = 0; i < k_generated; ++i) {
    values.push_back(generated_value(rng, regions, i));
  }

  std::map<std::string, int> outcomes;
  std::vector<Mismatch> mismatches;
  std::vector<std::string> nsn_differences;
  int nsn_compared = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& value = values[i];
    const ValidationResult fast = piiscan::validators::validate_phone_number(value);
    const ValidationResult reference =
        piiscan::validators::validate_phone_number_libphonenumber(value);
    ++outcomes[describe(fast)];
    if (fast.verdict != reference.verdict || fast.failed_step != reference.failed_step) {
      mismatches.push_back({value, fast, reference});
    }
    // Every fourth value that passed the structural checks (libphonenumber is the slow part).
    const bool structured = fast.verdict == Verdict::valid || fast.failed_step == "numbering plan";
    if (structured && i % 4 == 0) {
      ++nsn_compared;
      if (std::string difference = nsn_difference(value); !difference.empty()) {
        nsn_differences.push_back("\"" + value + "\": " + difference);
      }
    }
  }

  std::string summary = std::to_string(values.size()) + " values:";
  for (const auto& [outcome, count] : outcomes) {
    summary += " " + outcome + " " + std::to_string(count) + ";";
  }
  WARN(summary);
  for (std::size_t i = 0; i < std::min<std::size_t>(mismatches.size(), 20); ++i) {
    UNSCOPED_INFO("\"" << mismatches[i].value << "\": RE2 " << describe(mismatches[i].fast)
                       << ", libphonenumber " << describe(mismatches[i].reference));
  }
  CHECK(mismatches.empty());
  WARN(nsn_compared << " values compared by national significant number");
  for (std::size_t i = 0; i < std::min<std::size_t>(nsn_differences.size(), 20); ++i) {
    UNSCOPED_INFO(nsn_differences[i]);
  }
  CHECK(nsn_differences.empty());
  // The generator must reach both verdicts and the numbering plan in earnest.
  CHECK(outcomes["valid"] > k_generated / 2);
  CHECK(outcomes["invalid (numbering plan)"] > k_generated / 10);
}

// Not run by default: piiscan_unit_tests "[.benchmark]". Times 1,000,000 validations of a mix
// like the scanner's phone candidates (four in five international, mostly plausible), or of the
// values in the file named by PIISCAN_PHONE_BENCH_VALUES (one per line).
TEST_CASE("phone_number: RE2 plans vs libphonenumber, time", "[.benchmark]") {
  std::vector<std::string> values;
  if (const char* path = std::getenv("PIISCAN_PHONE_BENCH_VALUES"); path != nullptr) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
      values.push_back(line);
    }
  } else {
    const std::vector<Region> regions = regions_from_metadata();
    std::mt19937 rng(7);
    for (int i = 0; i < 10'000; ++i) {
      const Region& region = pick(rng, regions);
      values.push_back(chance(rng, 0.8)
                           ? international_prefix(rng, region.code) +
                                 group_digits(rng, real_looking_nsn(rng, region))
                           : national(rng, real_looking_nsn(rng, region)));
    }
  }
  REQUIRE(!values.empty());
  const auto time = [&](piiscan::ValidatorFn fn) {
    int valid = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 1'000'000; ++i) {
      valid += fn(values[static_cast<std::size_t>(i) % values.size()]).verdict == Verdict::valid;
    }
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    WARN(valid << " of 1000000 valid in " << seconds.count() << " s ("
               << seconds.count() * 1000 << " ns per value)");
    return seconds.count();
  };
  const double reference = time(piiscan::validators::validate_phone_number_libphonenumber);
  const double fast = time(piiscan::validators::validate_phone_number);
  WARN("speed-up " << reference / fast);
}

namespace {

// PhonePlan::national_significant_number as defined, always asking RE2 about the unstripped
// number (the plan skips that where the general pattern cannot begin with the prefix).
std::string reference_nsn(const PhonePlanSource& source, const std::string& number) {
  const std::string& prefix = source.national_prefix;
  if (prefix.empty() || !number.starts_with(prefix)) {
    return number;
  }
  const std::string stripped = number.substr(prefix.size());
  const RE2 general(source.general.pattern);
  if (RE2::FullMatch(number, general) && !RE2::FullMatch(stripped, general)) {
    return number;
  }
  const auto has = [](const std::vector<int>& lengths, auto predicate) {
    return std::any_of(lengths.begin(), lengths.end(), predicate);
  };
  const int length = static_cast<int>(stripped.size());
  const bool possible =
      length > 17 ||
      (!has(source.local_only_lengths, [&](int n) { return n == length; }) &&
       (has(source.general.lengths, [&](int n) { return n == length; }) ||
        !has(source.general.lengths, [&](int n) { return n > length; })));
  return possible ? stripped : number;
}

}  // namespace

TEST_CASE("phone_number: NSN equals its definition, also where the prefix can match",
          "[validators][phone_number]") {
  std::vector<PhonePlanSource> sources(piiscan::validators::phone_plan_sources()->begin(),
                                       piiscan::validators::phone_plan_sources()->end());
  // Made-up plans: one whose pattern can begin with the prefix "0" (a number "09…" keeps it,
  // as "9…" is outside the pattern), one whose pattern cannot.
  sources.push_back({"X1", 1, "0", {"0\\d{5}|[1-8]\\d{4}", {5, 6}}, {}, {}});
  sources.push_back({"X2", 2, "0", {"[1-8]\\d{4,5}", {5, 6}}, {}, {}});
  std::mt19937 rng(4143);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> length(1, 16);
  for (const PhonePlanSource& source : sources) {
    const piiscan::validators::PhonePlan plan(source);
    REQUIRE(plan.ok());
    for (int i = 0; i < 5000; ++i) {
      std::string number = "0";
      for (int n = length(rng); n > 0; --n) {
        number += static_cast<char>('0' + digit(rng));
      }
      INFO(source.region << " " << number);
      REQUIRE(std::string(plan.national_significant_number(number)) ==
              reference_nsn(source, number));
    }
  }
}
