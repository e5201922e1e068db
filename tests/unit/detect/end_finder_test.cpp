// EndFinder (src/detect/end_finder.cpp) against RE2's anchored match, as the locator asked RE2
// before: the same end at every start of random texts, or an honest ask_re2.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "detect/end_finder.hpp"
#include "detect/locator.hpp"
#include "detect/rule_regex.hpp"
#include "rules/regex_bounds.hpp"
#include "builtin_examples.hpp"

namespace {

// Shapes where RE2's leftmost-first choice differs from the longest match: alternatives in
// order, greedy and lazy repetition, (?U), optional parts, assertions on both sides.
const std::vector<std::string> k_patterns{
    "a|ab",          "ab|a",           "(a|ab)(c|bcd)",  "a{1,3}?",        "a{1,3}",
    "(?U)a{1,3}",    "(?U)a{1,3}?",    "(a?)(ab)?b?",     R"(\b[0-9]{2,4}\b)", "x*?y",
    "[ab]+?b",       R"((?m)^a|b$)",   R"(\Bb\B|a\b)",    "(?:ab|a)(?:bc|c)?", "a?a?a?aa",
    R"([0-9]{1,3}(?:\.[0-9]{1,3}){3})", "(?i)ab|AC",      R"(a(?:\s?b){0,2})", "",
    R"([^0-9 ]{2,}[0-9]*)",             "(?s).{0,3}b",    "(ab){2}|a",
};

std::string random_text(std::mt19937& rng, bool ascii_only) {
  static const std::vector<std::string> ascii{"a", "b", "c", "d", "x", "y", "0", "1", "9",
                                              ".", " ", "\n", "A", "B", "C", "_", "ab", "-",
                                              "1.2", "34."};
  static const std::vector<std::string> other{"\xC3\xA4", "\xff", "\x80"};
  std::string text;
  const std::size_t length = rng() % 40;
  for (std::size_t i = 0; i < length; ++i) {
    const bool pick_other = !ascii_only && rng() % 6 == 0;
    text += pick_other ? other[rng() % other.size()] : ascii[rng() % ascii.size()];
  }
  return text;
}

struct Counts {
  std::size_t matched = 0;
  std::size_t asked = 0;
};

// RE2's anchored match at `start` on the slice the locator gives it, and the EndFinder's answer
// there. No Catch assertions: a test calls it from two threads.
struct AtStart {
  bool re2_matched = false;
  std::size_t re2_end = 0;
  piiscan::EndFinder::Answer answer = piiscan::EndFinder::Answer::ask_re2;
  std::size_t end = 0;

  bool agree() const {
    return answer == piiscan::EndFinder::Answer::ask_re2 ||
           ((answer == piiscan::EndFinder::Answer::matched) == re2_matched &&
            (!re2_matched || end == re2_end));
  }
};

AtStart answers_at(const RE2& re, piiscan::EndFinder& finder, std::size_t longest,
                   const std::string& text, std::size_t start) {
  const re2::StringPiece seen = piiscan::around(text, start, longest);
  re2::StringPiece match;
  AtStart at;
  at.re2_matched = re.Match(seen, start > 0 ? 1 : 0, seen.size(), RE2::ANCHOR_START, &match, 1);
  at.re2_end = start + match.size();
  at.answer = finder.match_end(text, start, longest, at.end);
  return at;
}

// At every start of `text`: RE2's anchored match against the EndFinder's answer.
void compare_at_every_start(const RE2& re, piiscan::EndFinder& finder, std::size_t longest,
                            const std::string& text, Counts& counts) {
  for (std::size_t start = 0; start <= text.size(); ++start) {
    const AtStart at = answers_at(re, finder, longest, text, start);
    INFO("pattern '" << re.pattern() << "', text '" << text << "', start " << start);
    if (at.answer == piiscan::EndFinder::Answer::ask_re2) {
      ++counts.asked;
      continue;
    }
    REQUIRE((at.answer == piiscan::EndFinder::Answer::matched) == at.re2_matched);
    if (at.re2_matched) {
      REQUIRE(at.end == at.re2_end);
      ++counts.matched;
    }
  }
}

void check_patterns(const std::vector<std::string>& patterns, unsigned seed, int rounds) {
  std::mt19937 rng(seed);
  for (const std::string& pattern : patterns) {
    const RE2 re(pattern, piiscan::rule_regex_options());
    REQUIRE(re.ok());
    auto finder = piiscan::EndFinder::make(pattern);
    INFO(pattern);
    REQUIRE(finder != nullptr);
    const std::size_t longest = piiscan::max_match_length(pattern).value_or(64);
    Counts ascii;
    Counts mixed;
    for (int round = 0; round < rounds; ++round) {
      const bool ascii_only = round % 2 == 0;
      compare_at_every_start(re, *finder, longest, random_text(rng, ascii_only),
                             ascii_only ? ascii : mixed);
    }
    CHECK(ascii.asked == 0);  // ASCII text is answered without RE2
    CHECK(ascii.matched > 0);
  }
}

}  // namespace

TEST_CASE("the end finder ends where RE2's leftmost-first match ends", "[end_finder]") {
  check_patterns(k_patterns, 20261128, 400);
}

TEST_CASE("the end finder on the built-in rules", "[end_finder]") {
  const auto [patterns, examples] = piiscan::testing::builtin_examples();
  std::size_t matched = 0;
  for (const std::string& pattern : patterns) {
    const RE2 re(pattern, piiscan::rule_regex_options());
    auto finder = piiscan::EndFinder::make(pattern);
    if (finder == nullptr) continue;  // syntax the tree does not model: RE2 answers
    Counts counts;
    compare_at_every_start(re, *finder, *piiscan::max_match_length(pattern), examples, counts);
    matched += counts.matched;
  }
  CHECK(matched > patterns.size());
}

TEST_CASE("the end finder leaves to RE2 what it does not model", "[end_finder]") {
  CHECK(piiscan::EndFinder::make(R"(\p{Greek}+)") == nullptr);
  CHECK(piiscan::EndFinder::make("(a*)*b") == nullptr);  // a loop that can match empty
  auto finder = piiscan::EndFinder::make("[^x]{1,3}");
  REQUIRE(finder != nullptr);
  std::size_t end = 0;
  CHECK(finder->match_end("a\xC3\xA4", 0, 6, end) == piiscan::EndFinder::Answer::ask_re2);
  CHECK(finder->match_end("abcd", 0, 6, end) == piiscan::EndFinder::Answer::matched);
  CHECK(end == 3);
}

TEST_CASE("the end finder's states are built anew past their bound, with the same answers",
          "[end_finder]") {
  // The a thirteen bytes before the end: 2^13 states in all, many more than the bound.
  const std::string pattern = "[ab]*a[ab]{12}";
  const RE2 re(pattern, piiscan::rule_regex_options());
  auto finder = piiscan::EndFinder::make(pattern);
  REQUIRE(finder != nullptr);
  std::mt19937 rng(99);
  Counts counts;
  for (int round = 0; round < 60; ++round) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += rng() % 2 == 0 ? 'a' : 'b';
    compare_at_every_start(re, *finder, text.size(), text, counts);
  }
  CHECK(counts.matched > 1000);
}

TEST_CASE("end finder twins share the program and answer alike, on two threads at once",
          "[end_finder]") {
  // Each thread builds its own states over the one program (`make tsan`: ThreadSanitizer).
  for (const std::string& pattern : k_patterns) {
    const RE2 re(pattern, piiscan::rule_regex_options());
    auto original = piiscan::EndFinder::make(pattern);
    REQUIRE(original != nullptr);
    auto twin = original->twin();
    REQUIRE(twin != nullptr);
    const std::size_t longest = piiscan::max_match_length(pattern).value_or(64);
    // Catch's assertions are not thread-safe: each thread checks against RE2 and counts.
    const auto disagreements = [&](piiscan::EndFinder& finder, unsigned seed) {
      std::mt19937 rng(seed);
      std::size_t wrong = 0;
      for (int round = 0; round < 200; ++round) {
        const std::string text = random_text(rng, true);
        for (std::size_t start = 0; start <= text.size(); ++start) {
          wrong += answers_at(re, finder, longest, text, start).agree() ? 0 : 1;
        }
      }
      return wrong;
    };
    std::size_t wrong_in_thread = 0;
    std::thread other([&] { wrong_in_thread = disagreements(*twin, 7); });
    const std::size_t wrong_here = disagreements(*original, 8);
    other.join();
    INFO(pattern);
    CHECK(wrong_here == 0);
    CHECK(wrong_in_thread == 0);
  }
}
