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

// Classifies one file's findings. `findings` may be in any order.
Classification classify(std::span<const Finding> findings, const Policy& policy);

}  // namespace piiscan
