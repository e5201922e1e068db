#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <piiscan/rule.hpp>

#include "detect/rule_regex.hpp"

#include "detect/locator.hpp"

namespace {

// The engine's own options, so the patterns here compile as rules do.
RE2::Options options() { return piiscan::rule_regex_options(); }

struct Pattern {
  std::string regex;
  int group;
};

// Shapes the locator must not get wrong: boundaries read from the byte before a match, ^ of the
// text and of a line, $, alternatives of different length, optional and unused groups, empty
// matches, case folding, classes that take multi-byte characters.
const std::vector<Pattern> k_patterns{
    {R"(\b([0-9]{2,4})\b)", 1},     {R"((?:^|[^0-9])([0-9]{3}))", 1},
    {R"((?m)^([ab]{2}))", 1},       {"a|ab", 0},
    {"(b)?0", 1},                   {"[0-9]$", 0},
    {"[.]*", 0},                    {R"(\B[ab]+\B)", 0},
    {"(?i)AB", 0},                  {"é[0-9]", 0},
    {"[^a ]{1,3}0", 0},             {R"(^([0-9])|x)", 1},
    {R"(([0-9])[.]([0-9]))", 2},    {R"((1)(2)?(3))", 3},
};

// (pattern, match begin, match end, group begin, group end); -1 for a group that took no part.
using Match = std::tuple<std::size_t, long, long, long, long>;

long offset_in(const std::string& text, const re2::StringPiece& piece, bool end) {
  if (piece.data() == nullptr) return -1;
  return static_cast<long>(piece.data() - text.data() + (end ? piece.size() : 0));
}

Match make_match(std::size_t k, const std::string& text, const re2::StringPiece* groups,
                 int group) {
  return {k, offset_in(text, groups[0], false), offset_in(text, groups[0], true),
          offset_in(text, groups[group], false), offset_in(text, groups[group], true)};
}

// Each pattern searched on its own, one match after the other: what the locator must equal.
std::vector<Match> one_by_one(const std::vector<std::unique_ptr<RE2>>& regexes,
                              const std::vector<Pattern>& patterns, const std::string& text,
                              std::size_t stop) {
  std::vector<Match> found;
  for (std::size_t k = 0; k < regexes.size(); ++k) {
    re2::StringPiece groups[piiscan::Locator::k_max_groups];
    std::size_t pos = 0;
    while (pos <= text.size() && regexes[k]->Match(text, pos, text.size(), RE2::UNANCHORED,
                                                   groups, patterns[k].group + 1)) {
      const auto begin = static_cast<std::size_t>(groups[0].data() - text.data());
      if (begin >= stop) break;
      found.push_back(make_match(k, text, groups, patterns[k].group));
      const std::size_t end = begin + groups[0].size();
      pos = end > begin ? end : begin + 1;
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::vector<Match> located(const piiscan::Locator& locator, const std::vector<Pattern>& patterns,
                           const std::string& text, std::size_t stop) {
  std::vector<Match> found;
  locator.for_each_match(text, stop, [&](std::size_t k, const re2::StringPiece* groups) {
    found.push_back(make_match(k, text, groups, patterns[k].group));
  });
  std::sort(found.begin(), found.end());
  return found;
}

std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces{"a", "b", "0", "1", "2", "3", ".", " ", "\n",
                                               "é", "x", "A", "B", "-", "\xff", "ab", "123"};
  std::string text;
  const std::size_t length = rng() % 60;
  for (std::size_t i = 0; i < length; ++i) text += pieces[rng() % pieces.size()];
  return text;
}

// Each pattern compiled alone, for the one-by-one reference, and a locator of all of them.
struct Compiled {
  std::vector<std::unique_ptr<RE2>> regexes;
  std::unique_ptr<piiscan::Locator> locator;
};

// `find_starts`: the starts from the StartFinder (the default) or from RE2 alone.
Compiled compile_all(const std::vector<Pattern>& patterns, bool find_starts) {
  Compiled compiled{{}, std::make_unique<piiscan::Locator>(options(), find_starts)};
  for (const Pattern& pattern : patterns) {
    compiled.regexes.push_back(std::make_unique<RE2>(pattern.regex, options()));
    REQUIRE(compiled.regexes.back()->ok());
    REQUIRE(compiled.locator->add(*compiled.regexes.back(), pattern.group));
  }
  REQUIRE(compiled.locator->compile());
  return compiled;
}

std::vector<Pattern> builtin_patterns() {
  std::vector<Pattern> patterns;
  for (const piiscan::Rule& rule : piiscan::builtin_rules()) {
    if (!rule.regex.empty()) patterns.push_back({rule.regex, rule.group});
  }
  return patterns;
}

}  // namespace

TEST_CASE("the locator finds what each pattern's own search finds", "[locator]") {
  const bool find_starts = GENERATE(true, false);
  const Compiled compiled = compile_all(k_patterns, find_starts);
  const auto& regexes = compiled.regexes;
  const piiscan::Locator& locator = *compiled.locator;

  std::mt19937 rng(1729);
  std::size_t matches = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::string text = random_text(rng);
    const std::size_t stop = round % 4 == 0 ? rng() % (text.size() + 1) : text.size() + 1;
    INFO("text: '" << text << "', stop " << stop);
    const auto expected = one_by_one(regexes, k_patterns, text, stop);
    REQUIRE(located(locator, k_patterns, text, stop) == expected);
    matches += expected.size();
  }
  CHECK(matches > 100000);  // the texts exercise the patterns
}

TEST_CASE("the locator finds the built-in rules' matches in their examples", "[locator]") {
  const std::vector<Pattern> patterns = builtin_patterns();
  std::string text;
  for (const piiscan::Rule& rule : piiscan::builtin_rules()) {
    if (rule.regex.empty()) continue;
    for (const std::string& example : rule.examples_match) text += example + " | ";
    for (const std::string& example : rule.examples_no_match) text += example + "\n";
  }
  const bool find_starts = GENERATE(true, false);
  const Compiled compiled = compile_all(patterns, find_starts);
  const auto& regexes = compiled.regexes;
  const piiscan::Locator& locator = *compiled.locator;
  const auto expected = one_by_one(regexes, patterns, text, text.size());
  CHECK(expected.size() > patterns.size());
  CHECK(located(locator, patterns, text, text.size()) == expected);
}

TEST_CASE("the locator refuses a pattern it cannot put in a group", "[locator]") {
  const RE2 quoted(R"(a\Q(b)", options());
  REQUIRE(quoted.ok());
  piiscan::Locator locator(options());
  CHECK_FALSE(locator.add(quoted, 0));
  CHECK(locator.empty());
  REQUIRE(locator.compile());
  bool called = false;
  locator.for_each_match("a(b", 3, [&](std::size_t, const re2::StringPiece*) { called = true; });
  CHECK_FALSE(called);
}

TEST_CASE("where stops are dense the locator still finds what each pattern's search finds",
          "[locator]") {
  const bool find_starts = GENERATE(true, false);
  const Compiled compiled = compile_all(k_patterns, find_starts);
  const auto& regexes = compiled.regexes;
  const piiscan::Locator& locator = *compiled.locator;
  // "[.]*" matches (empty) everywhere, so past the first k_dense_stops bytes every text here
  // is searched pattern by pattern; the texts are long enough for that to happen early.
  std::mt19937 rng(2718);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    while (text.size() < 600 + rng() % 4000) text += random_text(rng);
    const std::size_t stop = round % 3 == 0 ? rng() % (text.size() + 1) : text.size() + 1;
    INFO("round " << round << ", " << text.size() << " bytes, stop " << stop);
    const auto expected = one_by_one(regexes, k_patterns, text, stop);
    REQUIRE(located(locator, k_patterns, text, stop) == expected);
  }
}

TEST_CASE("the built-in rules in hostile dense text", "[locator]") {
  const std::vector<Pattern> patterns = builtin_patterns();
  const bool find_starts = GENERATE(true, false);
  const Compiled compiled = compile_all(patterns, find_starts);
  const auto& regexes = compiled.regexes;
  const piiscan::Locator& locator = *compiled.locator;
  // A match of the IPv4 rule could start at every other byte of "1.1.1.1…"; values of other
  // rules follow, so the pattern-by-pattern search must find them too.
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "1.";
  text += " IBAN DE89 3704 0044 0532 0130 00, Tel. +49 30 12345678, 12.03.1980 ";
  for (int i = 0; i < 1000; ++i) text += "10.0.0." + std::to_string(i % 256) + " ";
  const auto expected = one_by_one(regexes, patterns, text, text.size());
  CHECK(expected.size() > 1000);
  CHECK(located(locator, patterns, text, text.size()) == expected);
}

TEST_CASE("where the start finder gives up or misses often, RE2 searches the text",
          "[locator]") {
  // Read backwards, the first pattern must remember 13 letters: more DFA states than the
  // finder keeps, so it gives up on long text. The second one's starts are a superset in
  // invalid UTF-8: the finder takes a lone continuation byte as a character, RE2 does not, so
  // each "\x80" is a start that RE2 does not confirm.
  const std::vector<Pattern> patterns{{"(?:a|b){12}a(?:a|b){0,20}", 0}, {"[^a]0", 0}};
  const Compiled compiled = compile_all(patterns, true);
  std::mt19937 rng(99);
  std::string thrashing;
  for (int i = 0; i < 300000; ++i) thrashing += rng() % 2 == 0 ? 'a' : 'b';
  std::string missing;
  for (int i = 0; i < 2000; ++i) missing += i % 500 == 0 ? "\xC3\xA4" "0" : "\x80" "0";
  for (const std::string& text : {thrashing, missing}) {
    const auto expected = one_by_one(compiled.regexes, patterns, text, text.size());
    CHECK_FALSE(expected.empty());
    CHECK(located(*compiled.locator, patterns, text, text.size()) == expected);
  }
}

TEST_CASE("where RE2 rejects the alternation, the text is searched pattern by pattern",
          "[locator]") {
  // RE2's alternation and starters set are built only when the finder gives up on a text; a
  // memory budget too small for them leaves each pattern's own search.
  RE2::Options tight = options();
  tight.set_max_mem(1 << 12);
  const std::vector<Pattern> patterns{{"(?:a|b){12}a(?:a|b){0,20}", 0}, {"b{3}", 0}};
  std::vector<std::unique_ptr<RE2>> regexes;
  piiscan::Locator with_finder(tight, true);
  piiscan::Locator without_finder(tight, false);
  for (const Pattern& pattern : patterns) {
    regexes.push_back(std::make_unique<RE2>(pattern.regex, options()));
    REQUIRE(with_finder.add(*regexes.back(), pattern.group));
    REQUIRE(without_finder.add(*regexes.back(), pattern.group));
  }
  REQUIRE(with_finder.compile());
  CHECK_FALSE(without_finder.compile());
  CHECK_THAT(without_finder.error(), Catch::Contains("too large") || Catch::Contains("big"));
  std::mt19937 rng(5);
  std::string text;
  for (int i = 0; i < 300000; ++i) text += rng() % 2 == 0 ? 'a' : 'b';
  const auto expected = one_by_one(regexes, patterns, text, text.size());
  CHECK(expected.size() > 1000);
  CHECK(located(with_finder, patterns, text, text.size()) == expected);
}
