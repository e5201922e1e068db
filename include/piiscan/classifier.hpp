// The classifier: findings of one file → its sensitivity level and the reasons for it.
//
// Policy is data (rules/policy.toml, embedded into the binary; `--policy FILE` replaces it).
// A policy is a list of `[[raise]]` entries: "at least N distinct values of these categories or
// detectors, at or above this confidence, raise the file to this level". A file's level is the
// highest level any entry raises it to; `public` when none does. Every entry that raises the
// file to its final level contributes a reason a person can check, such as
// "national identifiers or bank data in bulk: 40 × iban (checksum valid)".
//
// Thread-safety: a `Policy` is immutable after loading; `classify` is a pure function.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <piiscan/finding.hpp>

namespace piiscan {

struct Rule;

struct RaiseRule {
  Sensitivity level = Sensitivity::internal;
  std::vector<std::string> categories;  // a finding matches when its rule's category is listed…
  std::vector<std::string> detectors;   // …or its rule's id is listed
  Confidence min_confidence = Confidence::medium;
  std::size_t min_count = 1;  // distinct values (by fingerprint) that must match
  std::string reason;         // what a person reads, e.g. "bank data in bulk"
  std::string source;         // "rules/policy.toml:12"
};

struct Policy {
  std::vector<RaiseRule> raises;
};

// Parses a policy document. Throws `ConfigError` naming file, line and key.
Policy parse_policy(std::string_view toml_text, const std::string& source_name);
Policy load_policy(const std::string& path);
// The policy embedded from rules/policy.toml.
Policy builtin_policy();

// Throws `ConfigError` ("policy.toml:12: unknown category 'financal' (did you mean
// 'financial'?)") when a raise names a category or detector that none of `rules` has: a typo
// would otherwise silently leave files at a lower level.
void check_policy_names(const Policy& policy, const std::vector<Rule>& rules);

struct Classification {
  Sensitivity level = Sensitivity::public_;
  std::vector<std::string> reasons;  // empty for `public`
};

// Distinct fingerprints, counted exactly up to `cap`: past it, new ones are refused and size()
// is a lower bound (saturated()). 0 marks an empty slot, so a fingerprint of 0 is kept apart.
class DistinctCounter {
 public:
  explicit DistinctCounter(std::size_t cap = SIZE_MAX) : m_cap(cap) {}
  void insert(std::uint64_t fingerprint);
  void insert_all(const DistinctCounter& other);
  // Empties it, with room for `expected` values without growing.
  void clear(std::size_t expected);
  std::size_t size() const noexcept { return m_count + (m_zero ? 1 : 0); }
  bool saturated() const noexcept { return m_saturated; }

 private:
  bool place(std::uint64_t fingerprint, bool capped);  // true when it was added
  void grow();

  std::vector<std::uint64_t> m_slots;
  int m_bits = 0;
  std::size_t m_count = 0;  // non-zero fingerprints held
  bool m_zero = false;
  bool m_saturated = false;
  std::size_t m_cap;
};

// Inline: the classifier inserts every finding's fingerprint once or more. Open addressing
// with Fibonacci hashing: the top bits of the product spread even consecutive numbers. Sorting
// the fingerprints instead was 3 % of the instructions of a scan of an HR export.
inline bool DistinctCounter::place(std::uint64_t fingerprint, bool capped) {
  const std::size_t mask = m_slots.size() - 1;
  auto slot = static_cast<std::size_t>((fingerprint * 0x9E3779B97F4A7C15ULL) >> (64 - m_bits));
  while (m_slots[slot] != 0) {
    if (m_slots[slot] == fingerprint) {
      return false;
    }
    slot = (slot + 1) & mask;
  }
  if (capped && size() >= m_cap) {
    m_saturated = true;
    return false;
  }
  m_slots[slot] = fingerprint;
  ++m_count;
  return true;
}

inline void DistinctCounter::insert(std::uint64_t fingerprint) {
  if (fingerprint == 0) {
    m_saturated = m_saturated || (!m_zero && size() >= m_cap);
    m_zero = m_zero || size() < m_cap;
    return;
  }
  if (m_slots.empty()) {
    grow();
  }
  if (place(fingerprint, true) && 2 * m_count > m_slots.size()) {
    grow();
  }
}

// What the classifier needs of a file's findings, gathered as they come, so that a file with
// millions of findings need not keep them: per detector, its occurrences and validated ones per
// confidence, and its distinct values at each confidence or above. Distinct values are counted
// exactly up to max_distinct() per detector and confidence, which is at least every policy
// threshold: a file past it is classified as exactly, and its reason says "at least N
// distinct".
class FindingTally {
 public:
  explicit FindingTally(const Policy& policy);
  void add(std::span<const Finding> findings);
  Classification classify() const;
  std::size_t max_distinct() const noexcept { return m_max_distinct; }

  // 65,536 values: a detector's three counters then take at most 3 MiB.
  static constexpr std::size_t k_max_distinct = std::size_t{1} << 16;

 private:
  struct RuleTally {
    RuleTally(const Rule* r, std::size_t cap)
        : rule(r), at_least{{DistinctCounter(cap), DistinctCounter(cap), DistinctCounter(cap)}} {}
    const Rule* rule;
    std::uint64_t occurrences[3] = {};  // by confidence
    std::uint64_t validated[3] = {};
    std::array<DistinctCounter, 3> at_least;  // values found at this confidence or above
  };
  RuleTally& tally_of(const Rule* rule);

  const Policy& m_policy;
  std::size_t m_max_distinct;
  std::vector<RuleTally> m_rules;
  std::size_t m_last = 0;  // the rule met last: findings come in runs of one rule
};

// Classifies one file's findings. `findings` may be in any order.
Classification classify(std::span<const Finding> findings, const Policy& policy);

}  // namespace piiscan
