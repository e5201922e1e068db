#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <piiscan/rule.hpp>

#include "detect/rule_regex.hpp"
#include "rules/regex_bounds.hpp"

using piiscan::max_match_length;

namespace {

struct Expectation {
  std::string_view pattern;
  std::optional<std::size_t> bound;
};

constexpr std::nullopt_t unbounded = std::nullopt;

// Catch2 prints std::optional as "{?}".
std::string describe(std::optional<std::size_t> bound) {
  return bound ? std::to_string(*bound) : "none";
}

// The options the engine compiles rules with, leftmost-longest where asked.
RE2::Options engine_options(bool longest_match) {
  RE2::Options options = piiscan::rule_regex_options();
  options.set_longest_match(longest_match);
  return options;
}

// Checks each expectation, and that RE2 accepts every pattern given a bound: a bound for a
// pattern RE2 rejects would mean the table misreads RE2's syntax.
void check(const std::vector<Expectation>& expectations, bool re2_accepts = true) {
  for (const auto& [pattern, bound] : expectations) {
    INFO("pattern: " << pattern);
    CHECK(describe(max_match_length(pattern)) == describe(bound));
    if (bound && re2_accepts) {
      CHECK(RE2(re2::StringPiece(pattern), engine_options(false)).ok());
    }
  }
}

}  // namespace

TEST_CASE("max_match_length: literals, escapes and anchors", "[rules][regex_bounds]") {
  check({
      {"", 0}, {"abc", 3}, {"\xC3\xA4", 2}, {"\xE2\x82\xAC", 3}, {"\xF0\x9F\x98\x80", 4},
      {R"(\.)", 1}, {R"(\-)", 1}, {R"(\\)", 1}, {R"(\/)", 1}, {R"(\()", 1}, {R"(\_)", 1},
      {R"(\ )", 1}, {R"(\{)", 1},
      {R"(\d)", 1}, {R"(\w)", 1}, {R"(\s)", 1}, {R"(\d{4})", 4},
      {R"(\D)", 4}, {R"(\W)", 4}, {R"(\S)", 4},
      {R"(\bfoo\b)", 3}, {R"(\Afoo\z)", 3}, {R"(\B)", 0}, {"^$", 0}, {"^abc$", 3},
      {R"(\pN)", 4}, {R"(\p{Greek})", 4}, {R"(\PN)", 4}, {R"(\P{^Greek})", 4}, {R"(\pL{2})", 8},
      {R"(\x41)", 1}, {R"(\x{41})", 1}, {R"(\x{E4})", 2}, {R"(\x{20AC})", 3},
      {R"(\x{1F600})", 4}, {R"(\x{10FFFF})", 4},
      {R"(\Qa.b\E)", 3}, {"\\Q\xC3\xA4\\E", 2}, {R"(\Qa\\E)", 2}, {R"(\Qab)", 2},
      {R"(\Qab\E{3})", 4}, {R"(\Qab\E{0})", 1}, {R"(\Q\E)", 0},
      {R"(\C)", 1}, {R"(\C{3})", 3},
      {R"(\123)", 1}, {R"(\0)", 1}, {R"(\12)", 1}, {R"(\177)", 1}, {R"(\377)", 2},
      {R"(\n\t\r\f\v\a)", 6},
      {".", 4}, {"(?s).", 4}, {".{3}", 12},
  });
}

TEST_CASE("max_match_length: character classes", "[rules][regex_bounds]") {
  check({
      {"[abc]", 1}, {"[a-z0-9]", 1}, {"[^0-9]", 4}, {"[\xC3\xA4]", 4}, {R"([\x{E4}])", 4},
      {"[\xC3\xA4-\xC3\xBC]", 4}, {R"([\x00-\x7F])", 1}, {R"([\x00-\x80])", 4},
      {"[[:alpha:]]", 1}, {"[[:^alpha:]]", 4}, {"[[:digit:][:punct:]]", 1},
      {R"([\d\s])", 1}, {R"([\w.])", 1}, {R"([\D])", 4}, {R"([a\S])", 4}, {R"([\pL])", 4},
      {R"([\p{Greek}a])", 4}, {"[]a]", 1}, {"[^]a]", 4}, {"[a-]", 1}, {"[-a]", 1},
      {"[a-c-e]", 1}, {"[[:a]", 1}, {R"([\]\[\-])", 1}, {R"([\n\t])", 1}, {"[.*+?|(){}]", 1},
      {"[0-9]{2,3}", 3},
  });
}

TEST_CASE("max_match_length: case folding under (?i)", "[rules][regex_bounds]") {
  check({
      {"(?i)k", 4}, {"(?i)K", 4}, {"(?i)1", 1}, {"(?i)-", 1}, {"(?i)[0-9]", 1},
      {"(?i)[a-z]", 4}, {"(?i)[!-/]", 1}, {"(?i)[!-~]", 4}, {R"((?i)\w)", 4}, {R"((?i)\d)", 1},
      {R"((?i)\s)", 1}, {"(?i)[[:digit:]]", 1}, {"(?i)[[:upper:]]", 4},
      {"(?i:k)", 4}, {"(?i)\xC3\xA4", 4}, {R"((?i)\x41)", 4}, {R"((?i)\Qk1\E)", 5},
      {"(?i)k(?-i)k", 5}, {"(?i:k)k", 5}, {"(?:(?i)k)k", 5}, {"(?i)(?-i:k)", 1},
      {"(?i)a|bc", 8}, {"(?:(?i)a|bc)d", 9}, {"a(?i)|bc", 8}, {"(?im-s:k)", 4},
      {"(?i)(?-i)k", 1},
  });
}

TEST_CASE("max_match_length: groups, alternation and quantifiers", "[rules][regex_bounds]") {
  check({
      {"(ab)", 2}, {"(?:ab)", 2}, {"(?P<name>ab)", 2}, {"()", 0}, {"(?:)", 0},
      {"a|bcd", 3}, {"a|", 1}, {"|", 0}, {"(?:a|bc)(?:d|ef)", 4},
      {"(?m)^a$", 1}, {"(?s:.)", 4}, {"(?U)a{2,3}", 3}, {"(?)a", 1},
      {"a?", 1}, {"a??", 1}, {"a{3}", 3}, {"a{2,5}", 5}, {"a{2,5}?", 5}, {"a{0}", 0},
      {"a{0,0}", 0}, {"a{1000}", 1000}, {"(?:ab|c){3}", 6}, {"(?:a{2}){3}", 6},
      {"(?:ab?){2}c?", 5}, {"\xC3\xA4{2}", 4},
      {"(?:)*", 0}, {R"(\b+)", 0}, {"^*", 0}, {"(?:^|$){2,}", 0},
      // A '{' that is not a well-formed count is a literal.
      {"a{,3}", 5}, {"a{01}", 5}, {"a{", 2}, {"a{1,2", 5}, {"{", 1}, {"x{1, 2}", 7},
      {"a{1}{", 2}, {"}", 1}, {"a{x}", 4},
  });
  // RE2 of Debian 12 (2022-06-01) does not know (?<name>...) yet; newer ones do.
  check({{"(?<name>ab)", 2}}, false);
}

TEST_CASE("max_match_length: unbounded or unknown patterns have no bound",
          "[rules][regex_bounds]") {
  check({
      {"x*", unbounded}, {"x+", unbounded}, {"x*?", unbounded}, {"x{2,}", unbounded},
      {R"(\d+)", unbounded}, {"(?:a|b*)c", unbounded}, {"a{0,2}b+", unbounded},
      // RE2 rejects these.
      {"a{1001}", unbounded}, {"a{1,1001}", unbounded}, {"a{5,2}", unbounded},
      {"*a", unbounded}, {"a|*", unbounded}, {"(*)", unbounded}, {"{2}", unbounded},
      {R"(\K)", unbounded}, {R"(\1)", unbounded}, {R"((a)\1)", unbounded}, {R"(\8)", unbounded},
      {R"(\Z)", unbounded}, {R"(\G)", unbounded}, {R"(\E)", unbounded}, {R"(\q)", unbounded},
      {"\\", unbounded}, {"\\\xC3\xA4", unbounded}, {R"(\x4)", unbounded},
      {R"(\x{})", unbounded}, {R"(\x{110000})", unbounded}, {R"(\x{41)", unbounded},
      {R"(\p)", unbounded}, {R"(\p{Greek)", unbounded},
      {"(ab", unbounded}, {"ab)", unbounded}, {"[abc", unbounded}, {"[]", unbounded},
      {"[z-a]", unbounded}, {"[[:foo:]]", unbounded}, {R"([\b])", unbounded},
      {R"([\Qa\E])", unbounded}, {"(?P=name)", unbounded}, {"(?P<>a)", unbounded},
      {"(?P<na-me>a)", unbounded}, {"(?=a)", unbounded}, {"(?!a)", unbounded},
      {"(?<=a)", unbounded}, {"(?<!a)", unbounded}, {"(?#c)", unbounded}, {"(?x)a", unbounded},
      {"(?i-)a", unbounded}, {"(?--i)a", unbounded}, {"(?i", unbounded},
      // RE2 applies these quantifiers to the atom before the flags or the empty \Q\E.
      {"a(?i)*", unbounded}, {R"(a\Q\E{2})", unbounded},
      // Invalid UTF-8.
      {"\xFF", unbounded}, {"a\xC3", unbounded}, {"\xC0\x80", unbounded},
      {"\xF4\x90\x80\x80", unbounded},
  });
}

TEST_CASE("max_match_length: no overflow", "[rules][regex_bounds]") {
  std::string long_sum;
  for (int i = 0; i < 1001; ++i) {
    long_sum += "a{1000}";
  }
  CHECK(describe(max_match_length(long_sum)) == "none");  // over the 1,000,000 limit
  CHECK(describe(max_match_length("(?:(?:(?:.{1000}){1000}){1000}){1000}")) == "none");
  CHECK(describe(max_match_length("(?:a{1000}){1000}")) == "1000000");
  // Nesting: fine up to a depth RE2 also accepts, then given up on rather than recursed into.
  CHECK(describe(max_match_length(std::string(500, '(') + "a" + std::string(500, ')'))) == "1");
  CHECK(describe(max_match_length(std::string(5000, '(') + "a" + std::string(5000, ')'))) ==
        "none");
}

// Why the expectations above are what they are: RE2 itself.
TEST_CASE("max_match_length: what RE2 does that the bounds rely on", "[rules][regex_bounds]") {
  const auto full_match = [](std::string_view text, std::string_view pattern) {
    const RE2 re(re2::StringPiece(pattern), engine_options(false));
    REQUIRE(re.ok());
    return RE2::FullMatch(re2::StringPiece(text), re);
  };
  // Case variants outside ASCII, longer than the letter in the pattern.
  CHECK(full_match("\xE2\x84\xAA", "(?i)k"));        // U+212A KELVIN SIGN, 3 bytes
  CHECK(full_match("\xE2\x84\xAA", R"((?i)\w)"));    // \w folds too
  CHECK(full_match("\xE2\x84\xAA", "(?i)[a-z]"));
  CHECK(full_match("\xC5\xBF", "(?i)s"));            // U+017F LONG S, 2 bytes
  CHECK(full_match("\xE2\x84\xA6", "(?i)\xCF\x89"));  // ω matches U+2126 OHM SIGN, 3 bytes
  CHECK_FALSE(full_match("\xE2\x84\xAA", "(?i)(?-i)k"));
  CHECK_FALSE(full_match("\xE2\x84\xAA", "(?i:k)k|k"));
  CHECK(full_match("K\xE2\x84\xAA", "(?i)(?:x|(?-i)K)k"));  // (?-i) ends with its group
  // A '{' that does not start a well-formed count is a literal.
  CHECK(full_match("a{,3}", "a{,3}"));
  CHECK(full_match("a{01}", "a{01}"));
  CHECK(full_match("x{1, 2}", "x{1, 2}"));
  // After \Q...\E a quantifier repeats the last character only.
  CHECK(full_match("abbb", R"(\Qab\E{3})"));
  CHECK(full_match("a", R"(\Qab\E{0})"));
  // Octal escapes above \177 are two-byte characters.
  CHECK(full_match("\xC3\xBF", R"(\377)"));
}

namespace {

// Characters that make matches of the rules likely, grouped so that runs of one kind (long
// digit runs, MRZ-like runs of capitals and '<') come up often.
const std::vector<std::vector<std::string>>& character_kinds() {
  static const std::vector<std::vector<std::string>> kinds = [] {
    const auto chars = [](std::string_view s) {
      std::vector<std::string> out;
      for (char c : s) out.emplace_back(1, c);
      return out;
    };
    const std::string digits = "0123456789";
    const std::string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const std::string lower = "abcdefghijklmnopqrstuvwxyz";
    const std::string separators = " .-/()+@<:\n,{}_%";
    std::vector<std::vector<std::string>> k{
        chars(digits), chars(upper), chars(lower), chars(separators),
        chars(digits + "abcdefABCDEF:"),                // IPv6
        chars(digits + upper + lower + "._%+-"),        // e-mail local parts and domains
        chars(digits + upper + "<"),                    // MRZ
        chars(digits + " .-/"),                         // phone numbers, dates
        {"\xC3\xA4", "\xC3\xA9", "\xE2\x82\xAC", "\xE2\x84\xAA" /* KELVIN */,
         "\xC5\xBF" /* LONG S */, "\xE1\xBA\x9E" /* CAPITAL SHARP S */, "\xC3\x9F",
         "\xE2\x84\xA6" /* OHM */, "\xCF\x89", "\xC2\xB5", "\xF0\x9F\x98\x80", "\xFF", "\x80",
         "\xC3" /* truncated */, "k", "s", "K", "S"},
    };
    std::vector<std::string> all;
    for (const auto& kind : k) all.insert(all.end(), kind.begin(), kind.end());
    k.push_back(all);
    return k;
  }();
  return kinds;
}

std::size_t pick(std::mt19937& rng, std::size_t n) {
  return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
}

// An example with a slice of it repeated in place, so that matches grow towards the longest
// the rule allows: more labels in a domain, more groups in an IBAN, longer digit runs.
std::string stretched(std::mt19937& rng, std::string example) {
  for (std::size_t n = pick(rng, 4); n > 0 && !example.empty(); --n) {
    const std::size_t start = pick(rng, example.size());
    const std::string slice = example.substr(start, 1 + pick(rng, 12));
    for (std::size_t copies = 1 + pick(rng, 6); copies > 0; --copies) {
      example.insert(start, slice);
    }
  }
  return example;
}

// Runs of one kind of character, now and then a rule's own example, stretched or not.
std::string random_text(std::mt19937& rng, const std::vector<std::string>& examples) {
  const auto& kinds = character_kinds();
  const std::size_t target = pick(rng, 160);
  std::string text;
  while (text.size() < target) {
    if (pick(rng, 6) == 0) {
      const std::string& example = examples[pick(rng, examples.size())];
      text += pick(rng, 2) == 0 ? example : stretched(rng, example);
      continue;
    }
    const auto& kind = kinds[pick(rng, kinds.size())];
    for (std::size_t run = 1 + pick(rng, 24); run > 0; --run) {
      text += kind[pick(rng, kind.size())];
    }
  }
  return text;
}

struct Longest {
  std::size_t length = 0;
  std::size_t matches = 0;
  std::string text;  // where the longest match was found

  void add(re2::StringPiece match, std::string_view in) {
    ++matches;
    if (match.size() > length) {
      length = match.size();
      text = in;
    }
  }
};

// Every match the engine could see: the longest one starting at each position (what any
// search starting there can match at most), and those of RE2's usual leftmost-first search.
void collect_matches(const RE2& longest, const RE2& first, std::string_view text, Longest& seen) {
  const re2::StringPiece piece(text.data(), text.size());
  re2::StringPiece match;
  for (std::size_t pos = 0; pos <= text.size(); ++pos) {
    if (longest.Match(piece, pos, text.size(), RE2::ANCHOR_START, &match, 1)) {
      seen.add(match, text);
    }
  }
  std::size_t pos = 0;
  while (pos <= text.size() && first.Match(piece, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
    seen.add(match, text);
    const auto start = static_cast<std::size_t>(match.data() - text.data());
    pos = start + std::max<std::size_t>(match.size(), 1);
  }
}

// Bounded patterns that exercise what the rules do not: folding, classes beyond ASCII,
// literal braces, \Q...\E, \C.
const std::vector<std::string> k_tricky_patterns{
    "(?i)k{2,3}", "(?i)[a-z]{1,4}", R"((?i)\w{2})", "(?i)s.?", "(?i)[[:upper:]]{2}",
    R"((?i)\Qks\E)", "(?i)\xC3\x9F|\xCF\x89{1,2}", "(?i)\xC2\xB5", "(?i)(?-i:k)k",
    "(?:(?i)k|s)s", "(?i:x|y|z)k", ".{1,3}", "(?s).{2}", "[^0-9]{1,3}", R"(\D{2})", R"(\W\S)",
    R"(\pL{1,2})", R"(\p{Greek})", R"(\PN{2})", "[\xC3\xA4-\xC3\xBC]{2}",
    "\xC3\xA4{2}|\xE2\x82\xAC", R"(\x{20AC}\x{E4}?)", R"(\C{2,3})", R"(\C.)",
    "a{,3}|x{01}|[0-9]{1, 2}", R"(\Qa.b\E{2})",
    "[]a-]{2,3}", "[^]a]{2}", "(?:ab|c){3}", "[[:alpha:]][[:^alpha:]]", R"((?m)^\d{2}$)",
    R"(\b\w{1,3}\b)", R"((?U)\d{2,4})", R"(\d{2,4}?)", R"(\061\0\x41|\377)",
    R"([\x{E4}-\x{FC}]k)", R"(\n\t?.)", R"((?:\b)*x(?:)+)", R"((?i)[\x{E4}\x{DF}]{2})",
};

}  // namespace

TEST_CASE("max_match_length: no match RE2 finds is longer than the bound",
          "[rules][regex_bounds]") {
  std::vector<std::string> patterns = k_tricky_patterns;
  // Texts for the tricky patterns the random runs rarely produce.
  std::vector<std::string> examples{"K\xE2\x84\xAA\xC5\xBFs", "a{,3}x{01}", std::string("1\0A", 3),
                                    "\xC3\xBF", "\n42\n", "abcab", "a.bb"};
  const auto rules = piiscan::builtin_rules();
  for (const auto& rule : rules) {
    if (!rule.regex.empty()) patterns.push_back(rule.regex);
    examples.insert(examples.end(), rule.examples_match.begin(), rule.examples_match.end());
  }
  std::mt19937 rng(20240607);
  std::vector<std::string> texts(3000);
  for (auto& text : texts) text = random_text(rng, examples);

  for (const auto& pattern : patterns) {
    INFO("pattern: " << pattern);
    const auto bound = max_match_length(pattern);
    REQUIRE(bound);
    const RE2 longest(pattern, engine_options(true));
    const RE2 first(pattern, engine_options(false));
    REQUIRE(longest.ok());
    REQUIRE(first.ok());
    Longest seen;
    for (const auto& text : texts) collect_matches(longest, first, text, seen);
    INFO("bound " << *bound << ", longest match " << seen.length << " in: " << seen.text);
    CHECK(seen.matches > 0);  // or the texts do not exercise the pattern
    CHECK(seen.length <= *bound);
  }
}

TEST_CASE("max_match_length: every built-in rule is bounded", "[rules][regex_bounds]") {
  for (const auto& rule : piiscan::builtin_rules()) {
    if (rule.regex.empty()) continue;
    INFO(rule.id << ": " << rule.regex);
    const auto bound = max_match_length(rule.regex);
    REQUIRE(bound);
    CHECK(*bound <= 1000);  // margins stay small
  }
}

// The table for a commit message or a tuning session: piiscan_unit_tests "[.bounds-table]" -s
TEST_CASE("max_match_length: bounds of the built-in rules", "[.bounds-table]") {
  for (const auto& rule : piiscan::builtin_rules()) {
    if (rule.regex.empty()) continue;
    const auto bound = max_match_length(rule.regex);
    WARN(rule.id << '\t' << (bound ? std::to_string(*bound) : std::string("none")));
  }
}

TEST_CASE("capture_is_whole_match: one capture group between empty-width assertions",
          "[rules][regex_bounds]") {
  using piiscan::capture_is_whole_match;
  for (const std::string_view pattern :
       {R"(\b([0-9]{11})\b)", R"((756[. ]?[0-9]{4})\b)", "^(a|b)$", R"(\A(x)\z)",
        R"(\B(a(b)c)\B)", R"(([)][(]]))", R"((\)))", "([]a])", "([^]a])", "([[:digit:])]+)"}) {
    INFO(pattern);
    CHECK(capture_is_whole_match(pattern));
  }
  for (const std::string_view pattern :
       {R"((?:^|[^0-9])([0-9]{3}))", "(a)(b)", "(a)|b", "a|(b)", "(a)?", "(a)+", R"(\b(?:a)\b)",
        "(?P<n>a)", "(?i)(a)", "(a)b", "b(a)", R"((a\Q)\E))", "(a", "([a)", "", "()x",
        R"((a)\b+)"}) {
    INFO(pattern);
    CHECK_FALSE(capture_is_whole_match(pattern));
  }
}

TEST_CASE("capture_is_whole_match: RE2 agrees on the built-in rules", "[rules][regex_bounds]") {
  std::size_t whole = 0;
  for (const auto& rule : piiscan::builtin_rules()) {
    if (rule.regex.empty() || !piiscan::capture_is_whole_match(rule.regex)) continue;
    ++whole;
    const RE2 re(rule.regex, engine_options(false));
    REQUIRE(re.NumberOfCapturingGroups() >= 1);
    for (const std::string& example : rule.examples_match) {
      INFO(rule.id << ": " << example);
      re2::StringPiece groups[2];
      REQUIRE(re.Match(example, 0, example.size(), RE2::UNANCHORED, groups, 2));
      CHECK(groups[1] == groups[0]);
      CHECK(groups[1].data() == groups[0].data());
    }
  }
  CHECK(whole >= 15);  // most built-in rules have this shape
}
