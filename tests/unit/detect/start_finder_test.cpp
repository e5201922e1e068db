#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <piiscan/rule.hpp>

#include "detect/rule_regex.hpp"

#include "detect/start_finder.hpp"
#include "builtin_examples.hpp"

namespace {

// The engine's own options, so the patterns here compile as rules do.
RE2::Options options() { return piiscan::rule_regex_options(); }

// Syntax the finder models, each shape once: assertions on both sides, classes (negated,
// ranged, escaped, with non-ASCII members), folding (scoped and not; 'k' and 's' also fold to
// U+212A and U+017F), counted and open repetition, non-greedy and literal braces, named groups.
const std::vector<std::string> k_patterns{
    R"(\b([0-9]{2,4})\b)",       R"((?:^|[^0-9])([0-9]{3}))", R"((?m)^([ab]{2}))",
    "a|ab",                      "(b)?0",                     "[0-9]$",
    "[.]*",                      R"(\B[ab]+\B)",              "(?i)AB",
    "é[0-9]",                    "[^a ]{1,3}0",               R"(^([0-9])|x)",
    "(?i:k)s",                   "(?is)s.a",                  R"(\x41\x{e9}?[\x30-\x32])",
    "[a-é]{2}",                  "(?P<n>1)(2)??",         "a{,2}b{2,}",
    R"([\d\-][^\w\s]\W\S\D)",    R"(\Ab|b\z|(?m:b$))",        "(?U)a+?b*",
    "[]a]0|[^]a]1",              R"(\.\*\+\?\(\)\[\]\{\}\|\^\$\\)",
};

std::string random_text(std::mt19937& rng, bool ascii_only) {
  static const std::vector<std::string> ascii{"a", "b", "0", "1", "2", "3", ".", " ", "\n",
                                              "x", "A", "B", "k", "s", "S", "K", "-", "ab",
                                              "123", "*", "_", "{", "]"};
  static const std::vector<std::string> other{"é", "\xff", "\x80", "\xE2\x84\xAA", "\xC5\xBF",
                                              "\xC3"};
  std::string text;
  const std::size_t length = rng() % 50;
  for (std::size_t i = 0; i < length; ++i) {
    const bool pick_other = !ascii_only && rng() % 5 == 0;
    text += pick_other ? other[rng() % other.size()] : ascii[rng() % ascii.size()];
  }
  return text;
}

using Starts = std::set<std::pair<std::size_t, std::uint32_t>>;  // (position, pattern)

Starts re2_starts(const std::vector<std::unique_ptr<RE2>>& regexes, const std::string& text) {
  Starts starts;
  for (std::size_t at = 0; at <= text.size(); ++at) {
    for (std::size_t k = 0; k < regexes.size(); ++k) {
      if (regexes[k]->Match(text, at, text.size(), RE2::ANCHOR_START, nullptr, 0)) {
        starts.emplace(at, static_cast<std::uint32_t>(k));
      }
    }
  }
  return starts;
}

// No Catch assertions here: Catch2 v2's are not thread-safe, and the threads test calls it.
Starts starts_of(const std::vector<piiscan::StartFinder::Start>& found,
                const std::vector<std::uint32_t>& ids) {
  Starts starts;
  for (const auto& start : found) {
    for (std::size_t i = start.which; ids[i] != piiscan::StartFinder::k_end; ++i) {
      starts.emplace(start.at, ids[i]);
    }
  }
  return starts;
}

bool ascending(const std::vector<piiscan::StartFinder::Start>& found) {
  return std::is_sorted(found.begin(), found.end(),
                        [](const auto& a, const auto& b) { return a.at < b.at; });
}

Starts finder_starts(const piiscan::StartFinder& finder, const std::string& text) {
  std::vector<piiscan::StartFinder::Start> found;
  std::vector<std::uint32_t> ids;
  REQUIRE(finder.find(text, found, ids));
  CHECK(ascending(found));
  return starts_of(found, ids);
}

// Runs `body(t, reader)` for t = 0 to count - 1, each on a thread of its own with a Reader of
// its own, all at once.
template <typename Body>
void on_threads(int count, Body body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < count; ++t) {
    threads.emplace_back([&body, t] {
      piiscan::StartFinder::Reader reader;
      body(t, reader);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

struct Compiled {
  std::vector<std::unique_ptr<RE2>> regexes;
  std::unique_ptr<piiscan::StartFinder> finder = std::make_unique<piiscan::StartFinder>();
};

Compiled compile_all(const std::vector<std::string>& patterns) {
  Compiled compiled;
  for (const std::string& pattern : patterns) {
    compiled.regexes.push_back(std::make_unique<RE2>(pattern, options()));
    REQUIRE(compiled.regexes.back()->ok());
    INFO(pattern);
    REQUIRE(compiled.finder->add(pattern));
  }
  REQUIRE(compiled.finder->compile());
  return compiled;
}

// Every start RE2 has, the finder has; in ASCII text it has no other.
void check_against_re2(const std::vector<std::string>& patterns, unsigned seed, int rounds) {
  const Compiled compiled = compile_all(patterns);
  std::mt19937 rng(seed);
  std::size_t starts = 0;
  std::size_t extra = 0;
  for (int round = 0; round < rounds; ++round) {
    const bool ascii_only = round % 2 == 0;
    const std::string text = random_text(rng, ascii_only);
    INFO("text: '" << text << "'");
    const Starts expected = re2_starts(compiled.regexes, text);
    const Starts found = finder_starts(*compiled.finder, text);
    for (const auto& start : expected) {
      INFO("pattern " << patterns[start.second] << " at " << start.first);
      REQUIRE(found.count(start) == 1);
    }
    if (ascii_only) {
      REQUIRE(found == expected);
    }
    starts += expected.size();
    extra += found.size() - expected.size();
  }
  CHECK(starts > static_cast<std::size_t>(rounds));  // the texts exercise the patterns
  CHECK(extra < starts / 4);                          // and the superset stays close
}

}  // namespace

TEST_CASE("the start finder has every start RE2 has, and no other in ASCII text",
          "[start_finder]") {
  check_against_re2(k_patterns, 4242, 6000);
}

TEST_CASE("the start finder on the built-in rules", "[start_finder]") {
  const auto [patterns, examples] = piiscan::testing::builtin_examples();
  const Compiled compiled = compile_all(patterns);
  const Starts expected = re2_starts(compiled.regexes, examples);
  CHECK(expected.size() > patterns.size());
  CHECK(finder_starts(*compiled.finder, examples) == expected);
  // With umlauts and invalid bytes between the values: never a start lost.
  std::string mixed;
  for (char c : examples) {
    mixed += c == ' ' ? std::string(" \xC3\xA4") : c == '|' ? "\xff" : std::string(1, c);
  }
  const Starts found = finder_starts(*compiled.finder, mixed);
  for (const auto& start : re2_starts(compiled.regexes, mixed)) {
    REQUIRE(found.count(start) == 1);
  }
}

TEST_CASE("the start finder scans long texts in parts and still finds every start",
          "[start_finder]") {
  // Texts from 1 KiB (about the least it splits: two overlaps) to 40 KiB, of the built-in rules'
  // examples and of digits and separators, so that matches straddle the parts' borders wherever
  // they fall.
  std::vector<std::string> patterns;
  std::vector<std::string> pieces{" ", "\n", "-", ".", "/", "0", "1", "7", "a", "Z", "@", ",", ":"};
  for (const piiscan::Rule& rule : piiscan::builtin_rules()) {
    if (rule.regex.empty()) continue;
    patterns.push_back(rule.regex);
    pieces.insert(pieces.end(), rule.examples_match.begin(), rule.examples_match.end());
  }
  const Compiled compiled = compile_all(patterns);
  std::mt19937 rng(31337);
  for (int round = 0; round < 12; ++round) {
    std::string text;
    const std::size_t length = round < 6 ? 1024 + rng() % 3072 : 4096 + rng() % (36 * 1024);
    while (text.size() < length) text += pieces[rng() % pieces.size()];
    INFO("round " << round << ", " << text.size() << " bytes");
    const Starts expected = re2_starts(compiled.regexes, text);
    CHECK(expected.size() > text.size() / 100);
    REQUIRE(finder_starts(*compiled.finder, text) == expected);
  }
}

TEST_CASE("the start finder's states stay within their memory budget", "[start_finder]") {
  // A budget far below what the built-in rules' states take on this text: generations of
  // states fill and new ones start (or, past k_max_moves, the finder gives up on a text), and
  // whatever it answers must still be RE2's starts.
  std::vector<std::string> patterns;
  std::vector<std::string> pieces{" ", "\n", "-", ".", "/", "0", "1", "7", "a", "Z", "@", ":"};
  for (const piiscan::Rule& rule : piiscan::builtin_rules()) {
    if (rule.regex.empty()) continue;
    patterns.push_back(rule.regex);
    pieces.insert(pieces.end(), rule.examples_match.begin(), rule.examples_match.end());
  }
  constexpr std::size_t budget = 256 << 10;
  piiscan::StartFinder finder(budget);
  std::vector<std::unique_ptr<RE2>> regexes;
  for (const std::string& pattern : patterns) {
    regexes.push_back(std::make_unique<RE2>(pattern, options()));
    REQUIRE(finder.add(pattern));
  }
  REQUIRE(finder.compile());
  std::mt19937 rng(1024);
  std::size_t answered = 0;
  for (int round = 0; round < 6; ++round) {
    std::string text;
    while (text.size() < 3000) text += pieces[rng() % pieces.size()];
    std::vector<piiscan::StartFinder::Start> found;
    std::vector<std::uint32_t> ids;
    if (finder.find(text, found, ids)) {
      ++answered;
      REQUIRE(starts_of(found, ids) == re2_starts(regexes, text));
    }
    // One state past the budget at most: it is checked before each new state.
    CHECK(finder.cache_bytes() < budget + 64 * 1024);
  }
  CHECK(answered > 0);
  piiscan::StartFinder roomy;
  for (const std::string& pattern : patterns) REQUIRE(roomy.add(pattern));
  REQUIRE(roomy.compile());
  std::string text;
  while (text.size() < 3000) text += pieces[rng() % pieces.size()];
  std::vector<piiscan::StartFinder::Start> found;
  std::vector<std::uint32_t> ids;
  REQUIRE(roomy.find(text, found, ids));
  CHECK(roomy.cache_bytes() > budget);  // the text needs more than the small budget
}

TEST_CASE("threads build one start finder's states together", "[start_finder]") {
  // The engine's threads share one finder, each with a Reader of its own, and build its states
  // as their texts need them. Four threads on a fresh finder, two on each text at once, so
  // that both often want the same state; each text checked against RE2 (computed beforehand,
  // on this thread). `make tsan` runs it under ThreadSanitizer.
  const Compiled compiled = compile_all(k_patterns);
  std::mt19937 rng(77);
  std::vector<std::string> texts;
  std::vector<Starts> expected;
  for (int i = 0; i < 400; ++i) {
    std::string text;
    while (text.size() < 200 + rng() % 6000) text += random_text(rng, i % 2 == 0);
    expected.push_back(re2_starts(compiled.regexes, text));
    texts.push_back(std::move(text));
  }
  std::atomic<int> mismatches{0};
  on_threads(4, [&](int t, piiscan::StartFinder::Reader& reader) {
    std::vector<piiscan::StartFinder::Start> found;
    std::vector<std::uint32_t> ids;
    for (std::size_t i = static_cast<std::size_t>(t % 2); i < texts.size(); i += 2) {
      if (!compiled.finder->find(reader, texts[i], found, ids)) {
        ++mismatches;
        continue;
      }
      const Starts got = ascending(found) ? starts_of(found, ids) : Starts{};
      // In ASCII texts the finder's starts are RE2's; elsewhere they include them.
      const bool ok = i % 2 == 0 ? got == expected[i]
                                 : std::includes(got.begin(), got.end(), expected[i].begin(),
                                                 expected[i].end());
      mismatches += ok ? 0 : 1;
    }
  });
  CHECK(mismatches == 0);
}

TEST_CASE("threads move on to new generations of states together", "[start_finder]") {
  // Read backwards, the pattern remembers the last 13 letters: 2^13 states, and a budget of a
  // few hundred of them, so the generations fill again and again while four threads scan.
  // Each moves on to a new one, started by whichever thread found the old one full first, or
  // gives up on a text that made it move too often. What they answer must be RE2's starts.
  const std::string pattern = "(?:a|b){12}a(?:a|b){0,20}";
  piiscan::StartFinder finder(128 << 10);
  REQUIRE(finder.add(pattern));
  REQUIRE(finder.compile());
  const std::vector<std::unique_ptr<RE2>> regexes = [&] {
    std::vector<std::unique_ptr<RE2>> one;
    one.push_back(std::make_unique<RE2>(pattern, options()));
    return one;
  }();
  std::mt19937 rng(99);
  std::vector<std::string> texts;
  std::vector<Starts> expected;
  for (int i = 0; i < 200; ++i) {
    std::string text;
    const std::size_t length = 100 + rng() % 1500;
    for (std::size_t k = 0; k < length; ++k) text += rng() % 2 == 0 ? 'a' : 'b';
    expected.push_back(re2_starts(regexes, text));
    texts.push_back(std::move(text));
  }
  std::atomic<int> mismatches{0};
  std::atomic<int> answered{0};
  on_threads(4, [&](int t, piiscan::StartFinder::Reader& reader) {
    std::vector<piiscan::StartFinder::Start> found;
    std::vector<std::uint32_t> ids;
    for (std::size_t i = static_cast<std::size_t>(t); i < texts.size(); i += 3) {
      if (finder.find(reader, texts[i], found, ids)) {
        ++answered;
        mismatches += ascending(found) && starts_of(found, ids) == expected[i] ? 0 : 1;
      }
    }
  });
  CHECK(mismatches == 0);
  CHECK(answered > 50);
  CHECK(finder.generations() > 20);
}

TEST_CASE("the start finder refuses syntax it does not model", "[start_finder]") {
  for (const char* pattern : {R"(\pL)", R"(\p{Greek})", R"(a\Qb*\E)", "[[:alpha:]]", R"(\C)",
                              R"(\101)", R"(\1)", "*a", "(a", "a)"}) {
    INFO(pattern);
    piiscan::StartFinder finder;
    CHECK_FALSE(finder.add(pattern));
    CHECK_FALSE(finder.add("a"));  // a refused pattern leaves the finder unusable
    CHECK_FALSE(finder.compile());
  }
}

TEST_CASE("the start finder refuses a pattern too large to build", "[start_finder]") {
  piiscan::StartFinder finder;
  CHECK_FALSE(finder.add("(?:(?:[0-9]{1,1000}){1,1000})"));
  CHECK_FALSE(finder.compile());
}

TEST_CASE("the start finder gives up where its states thrash", "[start_finder]") {
  // Read backwards, the pattern must remember the last 13 letters: 2^13 states, more than a
  // generation holds, so on long random text the find moves to new ones again and again.
  piiscan::StartFinder finder;
  REQUIRE(finder.add("(?:a|b){12}a(?:a|b)*"));
  REQUIRE(finder.compile());
  std::mt19937 rng(7);
  std::string text;
  for (int i = 0; i < 300000; ++i) text += rng() % 2 == 0 ? 'a' : 'b';
  std::vector<piiscan::StartFinder::Start> starts;
  std::vector<std::uint32_t> ids;
  CHECK_FALSE(finder.find(text, starts, ids));
  // A short text still fits, and the finder is usable again.
  CHECK(finder.find(text.substr(0, 2000), starts, ids));
  CHECK_FALSE(starts.empty());
}

TEST_CASE("where a new generation strands one of the parts, the text is scanned again in one "
          "pass", "[start_finder]") {
  // Bounded, so long texts are split; 2^13 states, so generations fill now and then. Whatever
  // the states go through, the starts must be RE2's.
  const Compiled compiled = compile_all({"(?:a|b){12}a(?:a|b){0,20}"});
  std::mt19937 rng(8);
  std::size_t scanned = 0;
  for (const std::size_t length : {5000, 9000, 14000, 20000, 30000}) {
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += rng() % 2 == 0 ? 'a' : 'b';
    std::vector<piiscan::StartFinder::Start> found;
    std::vector<std::uint32_t> ids;
    if (!compiled.finder->find(text, found, ids)) continue;  // gave up: the locator's RE2 path
    ++scanned;
    REQUIRE(finder_starts(*compiled.finder, text) == re2_starts(compiled.regexes, text));
  }
  CHECK(scanned >= 3);
}
