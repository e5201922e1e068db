// The old engine (RE2::Set per 64 KiB block, then each firing rule's regex over the block)
// against the locator's scheme (one alternation of all rules stopping where some rule's match
// starts, an anchored set naming the rules that start there, anchored matches of those), on the
// bench share's text, one core. Checks that both find the same matches. Not part of the build.
//
//   g++ -O2 -std=c++20 locator_vs_set.cpp -o locator_vs_set -lre2
//   piiscan rules list --format regex > patterns.txt
//   ./locator_vs_set patterns.txt /tmp/piiscan-bench/share-0.25.files.tsv /tmp/piiscan-bench/share-0.25
//
// Rules with `required` text (lines 4, 6 and 28 of the built-in list: AHV, e-mail, PEM) are
// left out, as the engine searches them on their own.
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <tuple>

#include "common.hpp"

namespace {

using Match = std::tuple<std::size_t, std::size_t, std::size_t>;  // rule, begin, end

RE2::Options options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const auto [patterns, texts] = read_inputs(argc, argv);
  std::vector<std::size_t> rules;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (i != 3 && i != 5 && i != 27) rules.push_back(i);
  }
  std::vector<std::unique_ptr<RE2>> regex;
  for (const auto& pattern : patterns) regex.push_back(std::make_unique<RE2>(pattern, options()));
  RE2::Set set(options(), RE2::UNANCHORED), starters(options(), RE2::ANCHOR_START);
  std::string alternation;
  for (std::size_t i : rules) {
    set.Add(patterns[i], nullptr);
    starters.Add("\\C(?:" + patterns[i] + ")", nullptr);
    alternation += (alternation.empty() ? "(?:" : "|(?:") + patterns[i] + ")";
  }
  set.Compile();
  starters.Compile();
  const RE2 any(alternation, options());

  std::vector<Match> old_matches, new_matches;
  for (int round = 0; round < 3; ++round) {
    old_matches.clear();
    double start = seconds_now();
    for_each_block(texts, 2048, [&](std::string_view view) {
      const re2::StringPiece text(view.data(), view.size());
      std::vector<int> fired;
      if (!set.Match(text, &fired)) return;
      for (int k : fired) {
        const std::size_t r = rules[static_cast<std::size_t>(k)];
        re2::StringPiece groups[2];
        for (std::size_t pos = 0; pos <= text.size() &&
                                  regex[r]->Match(text, pos, text.size(), RE2::UNANCHORED, groups, 2);) {
          const auto b = static_cast<std::size_t>(groups[0].data() - text.data());
          const std::size_t e = b + groups[0].size();
          old_matches.emplace_back(r, b, e);
          pos = e > b ? e : b + 1;
        }
      }
    });
    const double old_time = seconds_now() - start;
    new_matches.clear();
    std::size_t stops = 0;
    start = seconds_now();
    for_each_block(texts, 2048, [&](std::string_view view) {
      const re2::StringPiece text(view.data(), view.size());
      std::vector<std::size_t> resume(patterns.size(), 0);
      std::vector<int> starting;
      re2::StringPiece leftmost;
      for (std::size_t pos = 0;
           pos <= text.size() && any.Match(text, pos, text.size(), RE2::UNANCHORED, &leftmost, 1);) {
        const auto s = static_cast<std::size_t>(leftmost.data() - text.data());
        ++stops;
        starting.clear();
        if (s == 0) {
          for (std::size_t k = 0; k < rules.size(); ++k) {
            if (regex[rules[k]]->Match(text, 0, text.size(), RE2::ANCHOR_START, nullptr, 0)) {
              starting.push_back(static_cast<int>(k));
            }
          }
        } else {
          starters.Match(re2::StringPiece(text.data() + s - 1, text.size() - s + 1), &starting);
        }
        for (int k : starting) {
          const std::size_t r = rules[static_cast<std::size_t>(k)];
          re2::StringPiece groups[2];
          if (resume[r] > s ||
              !regex[r]->Match(text, s, text.size(), RE2::ANCHOR_START, groups, 2)) {
            continue;
          }
          const std::size_t e = s + groups[0].size();
          new_matches.emplace_back(r, s, e);
          resume[r] = e > s ? e : s + 1;
        }
        pos = s + 1;
      }
    });
    const double new_time = seconds_now() - start;
    std::printf("set + passes: %.3f s, locator: %.3f s, %zu matches, %zu stops\n", old_time,
                new_time, new_matches.size(), stops);
  }
  std::sort(old_matches.begin(), old_matches.end());
  std::sort(new_matches.begin(), new_matches.end());
  std::printf("same matches: %s\n", old_matches == new_matches ? "yes" : "NO");
  return old_matches == new_matches ? 0 : 1;
}
