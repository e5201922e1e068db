#include "detect/locator.hpp"

#include <algorithm>
#include <numeric>

#include "rules/regex_bounds.hpp"

namespace piiscan {

namespace {

// The StartFinder models RE2's syntax with the options piiscan compiles rules with.
bool finder_models(const RE2::Options& options) {
  return options.encoding() == RE2::Options::EncodingUTF8 && options.case_sensitive() &&
         !options.literal() && !options.longest_match() && !options.posix_syntax() &&
         !options.never_nl() && !options.dot_nl();
}

}  // namespace

Locator::Locator(const RE2::Options& options, bool find_starts)
    : m_options(options), m_find_starts(find_starts) {
  if (find_starts && finder_models(options)) {
    m_finder = std::make_shared<StartFinder>();
  }
}

Locator::Locator(const RE2::Options& options, const Locator& model)
    : m_options(options),
      m_find_starts(model.m_find_starts),
      m_finder(model.m_finder),
      m_shares_finder(true) {}

bool Locator::add(const RE2& regex, int group) {
  const std::string grouped = "(?:" + regex.pattern() + ")";
  if (m_finder && !m_shares_finder &&
      !(finder_models(regex.options()) && m_finder->add(regex.pattern()))) {
    m_finder.reset();
  }
  // The finder's parse refuses \Q...\E, the one way a pattern could swallow the parenthesis;
  // without the finder, RE2 is asked.
  if (!m_finder && RE2::Set(m_options, RE2::ANCHOR_START).Add("\\C" + grouped, nullptr) < 0) {
    return false;
  }
  m_alternation += (m_alternation.empty() ? "" : "|") + grouped;
  // \C takes the byte before the start, any byte, so the sets' \b and ^ see it as context.
  m_after.push_back("\\C" + grouped);
  const bool group_is_match = group == 1 && capture_is_whole_match(regex.pattern());
  const int groups_to_ask = group_is_match ? 1 : std::clamp(group + 1, 1, k_max_groups);
  Pattern& pattern = m_patterns.emplace_back();
  pattern.regex = &regex;
  pattern.groups_to_ask = groups_to_ask;
  pattern.group_is_match = group_is_match;
  pattern.longest = max_match_length(regex.pattern()).value_or(std::string_view::npos);
  pattern.may_find_end = m_find_starts && groups_to_ask == 1 && finder_models(regex.options());
  return true;
}

EndFinder* Locator::end_finder_of(const Pattern& pattern) const {
  if (pattern.may_find_end && !pattern.end_finder_tried) {
    pattern.end_finder_tried = true;
    pattern.end_finder = EndFinder::make(pattern.regex->pattern());
  }
  return pattern.end_finder.get();
}

// The pattern's match anchored at `start`: its end from the EndFinder where it can tell, else
// RE2's match on the text the match can see (the byte before, one byte after the longest).
bool Locator::confirm(re2::StringPiece text, std::size_t start, const Pattern& pattern,
                      re2::StringPiece* groups) const {
  if (EndFinder* end_finder = end_finder_of(pattern)) {
    std::size_t end = 0;
    switch (end_finder->match_end(std::string_view(text.data(), text.size()), start,
                                          pattern.longest, end)) {
      case EndFinder::Answer::matched: groups[0] = text.substr(start, end - start); return true;
      case EndFinder::Answer::no_match: return false;
      case EndFinder::Answer::ask_re2: break;
    }
  }
  const re2::StringPiece seen = around(text, start, pattern.longest);
  return pattern.regex->Match(seen, start > 0 ? 1 : 0, seen.size(), RE2::ANCHOR_START, groups,
                              pattern.groups_to_ask);
}

// With the finder, RE2's alternation and starters set are needed only for a text the finder
// gives up on; they are built then (40 M instructions of every thread's start-up otherwise).
bool Locator::compile() {
  if (m_patterns.empty()) {
    return true;
  }
  if (m_finder && (m_shares_finder || m_finder->compile())) {
    return true;
  }
  m_finder.reset();
  return searchers() != nullptr;
}

// A set of every pattern after one byte of context (\C), or null when RE2 cannot compile it.
std::unique_ptr<RE2::Set> Locator::set_after_context(RE2::Anchor anchor) const {
  auto set = std::make_unique<RE2::Set>(m_options, anchor);
  for (const std::string& pattern : m_after) {
    set->Add(pattern, nullptr);
  }
  return set->Compile() ? std::move(set) : nullptr;
}

const Locator::Searchers* Locator::searchers() const {
  std::call_once(m_searchers_once, [this] {
    auto built = std::make_unique<Searchers>();
    built->any = std::make_unique<RE2>(m_alternation, m_options);
    if (!built->any->ok()) {
      m_searchers_error = built->any->error();
    } else if (!(built->starts = set_after_context(RE2::ANCHOR_START))) {
      m_searchers_error = "the rule set is too large for RE2::Set";
    } else {
      m_searchers = std::move(built);
    }
  });
  return m_searchers.get();
}

std::string Locator::error() const { return m_searchers_error; }

// At the text's first byte there is no byte before for the set to read, and when the set's
// DFA runs out of memory its answer is unknown: then each pattern is asked on its own.
void Locator::patterns_starting_at(re2::StringPiece text, std::size_t start,
                                   std::vector<int>& out) const {
  out.clear();
  if (start > 0) {
    RE2::Set::ErrorInfo error{RE2::Set::kNoError};
    searchers()->starts->Match(text.substr(start - 1), &out, &error);
    if (error.kind == RE2::Set::kNoError) {
      std::sort(out.begin(), out.end());
      return;
    }
    out.clear();
  }
  for (std::size_t k = 0; k < m_patterns.size(); ++k) {
    if (m_patterns[k].regex->Match(text, start, text.size(), RE2::ANCHOR_START, nullptr, 0)) {
      out.push_back(static_cast<int>(k));
    }
  }
}

// Which patterns have a match starting at or after `from`, ascending. Like the starters set,
// the set reads the byte before each start (\C) as context. From the text's first byte, or
// when the set cannot be built or runs out of memory, every pattern is named.
void Locator::patterns_after(re2::StringPiece text, std::size_t from,
                             std::vector<int>& out) const {
  std::call_once(m_anywhere_once, [this] { m_anywhere = set_after_context(RE2::UNANCHORED); });
  out.clear();
  if (m_anywhere && from > 0) {
    RE2::Set::ErrorInfo error{RE2::Set::kNoError};
    m_anywhere->Match(text.substr(from - 1), &out, &error);
    if (error.kind == RE2::Set::kNoError) {
      std::sort(out.begin(), out.end());
      return;
    }
  }
  out.resize(m_patterns.size());
  std::iota(out.begin(), out.end(), 0);
}

}  // namespace piiscan
