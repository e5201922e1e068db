#include "detect/locator.hpp"

#include <algorithm>

#include "rules/regex_bounds.hpp"

namespace piiscan {

Locator::Locator(const RE2::Options& options)
    : m_options(options), m_starts(std::make_unique<RE2::Set>(options, RE2::ANCHOR_START)) {}

bool Locator::add(const RE2& regex, int group) {
  const std::string grouped = "(?:" + regex.pattern() + ")";
  // \C takes the byte before the start, any byte, so the set's \b and ^ see it as context.
  if (m_starts->Add("\\C" + grouped, nullptr) < 0) {
    return false;
  }
  m_alternation += (m_alternation.empty() ? "" : "|") + grouped;
  const bool group_is_match = group == 1 && capture_is_whole_match(regex.pattern());
  m_patterns.push_back({&regex, group_is_match ? 1 : std::clamp(group + 1, 1, k_max_groups),
                        group_is_match});
  return true;
}

bool Locator::compile() {
  if (m_patterns.empty()) {
    return true;
  }
  m_any = std::make_unique<RE2>(m_alternation, m_options);
  return m_any->ok() && m_starts->Compile();
}

std::string Locator::error() const {
  return m_any && !m_any->ok() ? m_any->error() : "the rule set is too large for RE2::Set";
}

// At the text's first byte there is no byte before for the set to read, and when the set's
// DFA runs out of memory its answer is unknown: then each pattern is asked on its own.
void Locator::patterns_starting_at(re2::StringPiece text, std::size_t start,
                                   std::vector<int>& out) const {
  out.clear();
  if (start > 0) {
    RE2::Set::ErrorInfo error{RE2::Set::kNoError};
    m_starts->Match(text.substr(start - 1), &out, &error);
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

}  // namespace piiscan
