// Finding the matches of many regexes in one pass.
//
// Each rule's matches are those of its own leftmost-first search repeated from the end of the
// previous match, as RE2 finds them one rule at a time. Running every rule's regex over the
// whole text costs one DFA pass per rule; the Locator instead learns where some rule has a
// match starting, and which rules start there, from one pass: its StartFinder's reversed DFA
// (start_finder.hpp), or, where that does not serve, one RE2 alternation of all rules that
// stops at each such place and an anchored RE2::Set that names the rules starting there.
// Only those rules run, anchored, to get their match and groups.
//
// Where stops are dense, as in hostile text like "1.1.1.1…" (a match could start at every
// other byte), each stop's fixed cost outweighs a pass of a pattern of its own: after more
// than k_dense_stops stops in k_dense_window bytes, the rest of the text is searched pattern
// by pattern, only the patterns an unanchored set finds in it.
//
// Not thread-safe, neither to build nor to use: RE2 objects shared between threads contend on
// their DFA cache lock, so the engine gives each thread its own Locator, all sharing one
// StartFinder.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "detect/end_finder.hpp"
#include "detect/start_finder.hpp"

namespace piiscan {

// The text a match at `start` of at most `longest` bytes can see: from the byte before it (for
// \b and (?m)^) to the byte after its longest possible end (for \b and (?m)$). RE2's fixed
// cost per search grows with the text it is given, not just the bytes it reads.
inline re2::StringPiece around(re2::StringPiece text, std::size_t start, std::size_t longest) {
  const std::size_t begin = start > 0 ? start - 1 : 0;
  const std::size_t end =
      longest < text.size() - start ? start + longest + 1 : text.size();
  return text.substr(begin, end - begin);
}

// Where a search goes on after a match of [start, end): its end, or one byte on after an empty
// match, as RE2's own iteration does.
inline std::size_t resume_after(std::size_t start, std::size_t end) noexcept {
  return end > start ? end : start + 1;
}

// One pattern's own search, match after match, over text[from, end) (the text beyond `end` is
// still context for \b and $): calls `on_match(start)`, with `groups` filled, for each match
// that starts before `stop`. Returns where the search would go on, or npos once a match starts
// at or after `stop`.
template <typename OnMatch>
std::size_t for_each_own_match(const RE2& re, re2::StringPiece text, std::size_t from,
                               std::size_t end, std::size_t stop, re2::StringPiece* groups,
                               int groups_to_ask, OnMatch on_match) {
  std::size_t pos = from;
  while (pos <= end && re.Match(text, pos, end, RE2::UNANCHORED, groups, groups_to_ask)) {
    const auto start = static_cast<std::size_t>(groups[0].data() - text.data());
    if (start >= stop) {
      return std::string_view::npos;
    }
    pos = resume_after(start, start + groups[0].size());
    on_match(start);
  }
  return pos;
}

class Locator {
 public:
  static constexpr int k_max_groups = 10;  // group 0 and up to nine capture groups
  static constexpr std::size_t k_dense_window = 4096;
  static constexpr std::size_t k_dense_stops = 256;

  // With `find_starts`, the starts come from a StartFinder where it models every pattern, and
  // a match's end from an EndFinder where the pattern has one (its wanted group is the whole
  // match); without, or where they do not, from RE2 alone (the alternation, the starters set,
  // the anchored match). Not thread-safe: the EndFinders build their states as they go.
  explicit Locator(const RE2::Options& options, bool find_starts = true);
  // A Locator for another thread, to be given the same patterns in the same order: it has
  // RE2 objects of its own but shares the compiled `model`'s StartFinder, and so the DFA
  // states all threads build.
  Locator(const RE2::Options& options, const Locator& model);

  // Adds `regex` (already compiled alone, so known to be valid) as the next pattern, whose
  // capture group `group` (0: the whole match; below k_max_groups) is wanted. Returns false,
  // and adds nothing, when the pattern cannot be put in a group: only a regex ending inside
  // \Q...\E, which would swallow the closing parenthesis. `regex` must outlive the Locator.
  bool add(const RE2& regex, int group);

  // Builds the alternation and the set. Returns false when RE2 rejects them as too large.
  bool compile();

  bool empty() const noexcept { return m_patterns.empty(); }
  std::size_t size() const noexcept { return m_patterns.size(); }
  std::string error() const;

  // Calls `on_match(k, groups)` for every match of the k-th pattern that starts before `stop`,
  // in order of their start and, on one start, of k (in dense text: the rest pattern by
  // pattern, each in order of start). `groups[0]` is the whole match and
  // `groups[group]` the wanted group, null if it took no part; other groups may be unset.
  // Matches are those of each pattern's own search from position 0 of `text`, which is also
  // the context of \b, ^ and $.
  template <typename OnMatch>
  void for_each_match(std::string_view text, std::size_t stop, OnMatch on_match) const;

 private:
  struct Pattern {
    const RE2* regex = nullptr;
    int groups_to_ask = 1;        // RE2's capture engine runs only when this is above 1
    bool group_is_match = false;  // the wanted group is always the whole match: ask for 0 only
    std::size_t longest = 0;      // an upper bound on a match's length; npos: none known
    // The end of a match from its start without RE2 (about 800 instructions a call), built
    // at the pattern's first start (most scans meet few rules); null where groups are wanted
    // or the syntax is not modelled.
    bool may_find_end = false;
    mutable bool end_finder_tried = false;
    mutable std::unique_ptr<EndFinder> end_finder;
  };

  bool confirm(re2::StringPiece text, std::size_t start, const Pattern& pattern,
               re2::StringPiece* groups) const;
  EndFinder* end_finder_of(const Pattern& pattern) const;

  template <typename OnMatch>
  void for_each_found_match(re2::StringPiece text, std::size_t stop, OnMatch on_match) const;
  template <typename OnMatch>
  void for_each_searched_match(re2::StringPiece text, std::size_t stop, OnMatch on_match) const;
  enum class Taken { inside_previous, matched, rejected };
  template <typename OnMatch>
  Taken take_match(re2::StringPiece text, std::size_t k, std::size_t start,
                  const re2::StringPiece* leftmost, std::vector<std::size_t>& resume,
                  OnMatch on_match) const;
  void patterns_starting_at(re2::StringPiece text, std::size_t start,
                            std::vector<int>& out) const;
  void patterns_after(re2::StringPiece text, std::size_t from, std::vector<int>& out) const;
  template <typename OnMatch>
  void take_matches_at(re2::StringPiece text, re2::StringPiece leftmost,
                       std::vector<std::size_t>& resume, OnMatch on_match) const;
  template <typename OnMatch>
  void finish_one_by_one(re2::StringPiece text, std::size_t from, std::size_t stop,
                         const std::vector<std::size_t>& resume, OnMatch on_match) const;

  // RE2's way to the starts, without the finder.
  struct Searchers {
    std::unique_ptr<RE2> any;          // the leftmost match of any pattern
    std::unique_ptr<RE2::Set> starts;  // each pattern anchored after one byte of context
  };
  // Built on first use; null when RE2 rejects them (error() says why).
  const Searchers* searchers() const;
  std::unique_ptr<RE2::Set> set_after_context(RE2::Anchor anchor) const;

  RE2::Options m_options;
  bool m_find_starts;
  std::vector<Pattern> m_patterns;
  std::string m_alternation;
  std::vector<std::string> m_after;    // each pattern after one byte of context
  std::shared_ptr<StartFinder> m_finder;  // null where it does not model every pattern
  bool m_shares_finder = false;           // another Locator's, added to and compiled there
  mutable StartFinder::Reader m_reader;
  mutable std::once_flag m_searchers_once;
  mutable std::unique_ptr<Searchers> m_searchers;
  mutable std::string m_searchers_error;
  // Compiled for the first dense text only; most scans never meet one.
  mutable std::once_flag m_anywhere_once;
  mutable std::unique_ptr<RE2::Set> m_anywhere;
};

template <typename OnMatch>
void Locator::for_each_match(std::string_view text_view, std::size_t stop,
                             OnMatch on_match) const {
  if (m_patterns.empty()) {
    return;
  }
  const re2::StringPiece text(text_view.data(), text_view.size());
  if (m_finder) {
    for_each_found_match(text, stop, on_match);
  } else {
    for_each_searched_match(text, stop, on_match);
  }
}

// The starts from the StartFinder, each confirmed by the pattern's anchored match. Should the
// finder give up on this text (its DFA states thrash), RE2 searches it. A start is cheap, so
// dense starts need no guard; but the finder's starts are a superset in non-ASCII text, where
// hostile bytes could make many confirmations fail, each after reading up to a match's length:
// past k_dense_stops such misses in k_dense_window bytes, the rest is searched pattern by
// pattern.
template <typename OnMatch>
void Locator::for_each_found_match(re2::StringPiece text, std::size_t stop,
                                   OnMatch on_match) const {
  thread_local std::vector<StartFinder::Start> starts;
  thread_local std::vector<std::uint32_t> ids;
  if (!m_finder->find(m_reader, std::string_view(text.data(), text.size()), starts, ids)) {
    for_each_searched_match(text, stop, on_match);
    return;
  }
  thread_local std::vector<std::size_t> resume;
  resume.assign(m_patterns.size(), 0);
  std::size_t window = 0;  // where the current density window began
  std::size_t misses = 0;  // starts in it that RE2 did not confirm
  for (const StartFinder::Start& found : starts) {
    const std::size_t start = found.at;
    if (start >= stop) {
      return;
    }
    bool missed = false;
    for (std::size_t i = found.which; ids[i] != StartFinder::k_end; ++i) {
      missed = take_match(text, ids[i], start, nullptr, resume, on_match) == Taken::rejected ||
               missed;
    }
    if (start - window >= k_dense_window) {
      window = start;
      misses = 0;
    }
    if (missed && ++misses > k_dense_stops) {
      finish_one_by_one(text, start + 1, stop, resume, on_match);
      return;
    }
  }
}

// The alternation's leftmost match from each position on, and the patterns starting there.
template <typename OnMatch>
void Locator::for_each_searched_match(re2::StringPiece text, std::size_t stop,
                                      OnMatch on_match) const {
  // Per pattern: where its own search would go on (the end of its previous match).
  thread_local std::vector<std::size_t> resume;
  resume.assign(m_patterns.size(), 0);
  const Searchers* re2_searchers = searchers();
  if (re2_searchers == nullptr) {
    finish_one_by_one(text, 0, stop, resume, on_match);  // RE2 rejected the alternation
    return;
  }
  std::size_t window = 0;  // where the current density window began
  std::size_t stops = 0;   // stops in it
  re2::StringPiece leftmost;
  for (std::size_t pos = 0;
       pos <= text.size() &&
       re2_searchers->any->Match(text, pos, text.size(), RE2::UNANCHORED, &leftmost, 1);) {
    const auto start = static_cast<std::size_t>(leftmost.data() - text.data());
    if (start >= stop) {
      return;
    }
    take_matches_at(text, leftmost, resume, on_match);
    pos = start + 1;
    if (++stops > k_dense_stops) {
      finish_one_by_one(text, pos, stop, resume, on_match);
      return;
    }
    if (pos - window >= k_dense_window) {
      window = pos;
      stops = 0;
    }
  }
}

// `leftmost` is the alternation's leftmost match. No pattern has a match starting between the
// previous stop and its start, so a pattern that has one there, and is not inside its own
// previous match, takes it just as its own search from its previous end would.
template <typename OnMatch>
void Locator::take_matches_at(re2::StringPiece text, re2::StringPiece leftmost,
                              std::vector<std::size_t>& resume, OnMatch on_match) const {
  thread_local std::vector<int> starting;
  const auto start = static_cast<std::size_t>(leftmost.data() - text.data());
  patterns_starting_at(text, start, starting);
  for (const int index : starting) {
    // The alternation prefers its first alternative that matches at `start`, so its match is
    // that pattern's own.
    take_match(text, static_cast<std::size_t>(index), start,
               index == starting.front() ? &leftmost : nullptr, resume, on_match);
  }
}

// The k-th pattern's match at `start`, unless `start` is inside its previous match: `leftmost`
// where that is known to be it, else its anchored match.
template <typename OnMatch>
Locator::Taken Locator::take_match(re2::StringPiece text, std::size_t k, std::size_t start,
                         const re2::StringPiece* leftmost, std::vector<std::size_t>& resume,
                         OnMatch on_match) const {
  const Pattern& pattern = m_patterns[k];
  if (start < resume[k]) {
    return Taken::inside_previous;
  }
  re2::StringPiece groups[k_max_groups];
  // Without capture groups to find, a known match needs no second search.
  if (leftmost != nullptr && pattern.groups_to_ask == 1) {
    groups[0] = *leftmost;
  } else if (!confirm(text, start, pattern, groups)) {
    return Taken::rejected;
  }
  if (pattern.group_is_match) {
    groups[1] = groups[0];
  }
  resume[k] = resume_after(start, start + groups[0].size());
  on_match(k, static_cast<const re2::StringPiece*>(groups));
  return Taken::matched;
}

// Each pattern's own search takes over from where it stands: no match of a pattern starts
// between its resume point and `from` (the locator stopped at every such start before), so its
// search from the later of the two finds what its search from its resume point would.
template <typename OnMatch>
void Locator::finish_one_by_one(re2::StringPiece text, std::size_t from, std::size_t stop,
                                const std::vector<std::size_t>& resume, OnMatch on_match) const {
  thread_local std::vector<int> present;
  patterns_after(text, from, present);
  re2::StringPiece groups[k_max_groups];
  for (const int index : present) {
    const auto k = static_cast<std::size_t>(index);
    const Pattern& pattern = m_patterns[k];
    for_each_own_match(*pattern.regex, text, std::max(resume[k], from), text.size(), stop,
                       groups, pattern.groups_to_ask, [&](std::size_t) {
                         if (pattern.group_is_match) {
                           groups[1] = groups[0];
                         }
                         on_match(k, static_cast<const re2::StringPiece*>(groups));
                       });
  }
}

}  // namespace piiscan
