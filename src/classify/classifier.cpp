#define TOML_EXCEPTIONS 1
#include <piiscan/classifier.hpp>

#include <algorithm>

#include <piiscan/error.hpp>
#include <piiscan/rule.hpp>

#include "rules/embedded.hpp"
#include "rules/toml_util.hpp"

namespace piiscan {

namespace {

RaiseRule read_raise(const toml::table& table, const std::string& source_name) {
  RaiseRule raise;
  raise.source = source_name + ":" + std::to_string(line_of(table));
  const std::string& where = raise.source;
  reject_unknown_keys(table,
                      {"level", "categories", "detectors", "min_confidence", "min_count", "reason"},
                      where);
  const std::optional<std::string> level = optional_string(table, "level", where);
  const std::optional<Sensitivity> parsed = level ? parse_sensitivity(*level) : std::nullopt;
  if (!parsed || *parsed == Sensitivity::public_) {
    throw ConfigError(where + ": 'level' must be \"internal\", \"confidential\" or \"restricted\"");
  }
  raise.level = *parsed;
  raise.categories = string_array(table, "categories", where);
  raise.detectors = string_array(table, "detectors", where);
  if (raise.categories.empty() && raise.detectors.empty()) {
    throw ConfigError(where + ": a raise needs 'categories' or 'detectors'");
  }
  const std::string confidence = optional_string(table, "min_confidence", where).value_or("medium");
  const std::optional<Confidence> min_confidence = parse_confidence(confidence);
  if (!min_confidence) {
    throw ConfigError(where + ": 'min_confidence' must be \"low\", \"medium\" or \"high\"");
  }
  raise.min_confidence = *min_confidence;
  const toml::node* count = table.get("min_count");
  if (count != nullptr) {
    const auto value = count->value<std::int64_t>();
    if (!value || *value < 1) {
      throw ConfigError(where + ": 'min_count' must be a positive integer");
    }
    raise.min_count = static_cast<std::size_t>(*value);
  }
  raise.reason = optional_string(table, "reason", where).value_or("");
  if (raise.reason.empty()) {
    throw ConfigError(where + ": missing required key 'reason'");
  }
  return raise;
}


struct DetectorTally {
  std::string_view id;
  std::string_view valid_text;  // what the rule's validator shows, e.g. "checksum valid"
  std::size_t occurrences = 0;
  std::size_t distinct = 0;
  bool distinct_at_least = false;  // past FindingTally::max_distinct(): a lower bound
  bool all_validated = true;
  Confidence lowest = Confidence::high;
};

// Counted in one table per thread, sized once for all of them: each policy raise counts a
// rule's values again.
std::size_t count_distinct(const std::vector<std::uint64_t>& fingerprints) {
  thread_local DistinctCounter counter;
  counter.clear(fingerprints.size());
  for (const std::uint64_t fingerprint : fingerprints) {
    counter.insert(fingerprint);
  }
  return counter.size();
}

// A file's findings grouped by rule, so each raise looks at each rule's name once rather than
// comparing strings for every finding.
std::vector<std::pair<const Rule*, std::vector<const Finding*>>> group_by_rule(
    std::span<const Finding> findings) {
  std::vector<std::pair<const Rule*, std::vector<const Finding*>>> groups;
  for (const Finding& finding : findings) {
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return g.first == finding.rule; });
    if (group == groups.end()) {
      groups.emplace_back(finding.rule, std::vector<const Finding*>{});
      group = std::prev(groups.end());
    }
    group->second.push_back(&finding);
  }
  return groups;
}

bool rule_listed(const RaiseRule& raise, const Rule& rule) {
  const auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  return listed(raise.categories, rule.category) || listed(raise.detectors, rule.id);
}

// The distinct values of several detectors together: one value can be found by two of them.
std::size_t distinct_in_all(const std::vector<const DistinctCounter*>& values) {
  if (values.size() == 1) {
    return values.front()->size();
  }
  DistinctCounter all;
  for (const DistinctCounter* counter : values) {
    all.insert_all(*counter);
  }
  return all.size();
}

// "reason: 40 × iban (checksum valid), 20 × religion (2 distinct, high confidence)", busiest
// detector first. Thresholds count distinct values; the text shows occurrences too.
std::string explain(const RaiseRule& raise, std::vector<DetectorTally> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.occurrences != b.occurrences ? a.occurrences > b.occurrences : a.id < b.id;
  });
  std::string text = raise.reason + ": ";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const DetectorTally& entry = rows[i];
    const std::string distinct =
        entry.distinct == entry.occurrences
            ? std::string()
            : (entry.distinct_at_least ? "at least " : "") + std::to_string(entry.distinct) +
                  " distinct, ";
    text += (i == 0 ? "" : ", ") + std::to_string(entry.occurrences) + " \u00d7 " +
            std::string(entry.id) + " (" + distinct +
            (entry.all_validated ? std::string(entry.valid_text)
                                 : std::string(to_string(entry.lowest)) + " confidence") +
            ")";
  }
  return text;
}

// A raise that holds: the file goes to its level, with its reason beside the others of it.
void raise_to(Classification& result, const RaiseRule& raise, std::vector<DetectorTally> rows) {
  if (raise.level > result.level) {
    result.level = raise.level;
    result.reasons.clear();
  }
  result.reasons.push_back(explain(raise, std::move(rows)));
}

}  // namespace

Policy parse_policy(std::string_view toml_text, const std::string& source_name) {
  const toml::table document = parse_toml(toml_text, source_name);
  reject_unknown_keys(document, {"raise"}, source_name);
  Policy policy;
  const toml::array* raises = document.get("raise") ? document.get("raise")->as_array() : nullptr;
  if (raises == nullptr) {
    throw ConfigError(source_name + ": a policy needs at least one [[raise]] table");
  }
  for (const toml::node& node : *raises) {
    if (!node.is_table()) {
      throw ConfigError(source_name + ": 'raise' must be an array of tables ([[raise]])");
    }
    policy.raises.push_back(read_raise(*node.as_table(), source_name));
  }
  return policy;
}

Policy load_policy(const std::string& path) {
  return parse_policy(read_config_file(path, "policy file"), path);
}

Policy builtin_policy() {
  const EmbeddedFile* file = find_embedded_rule_file("policy.toml");
  if (file == nullptr) {
    throw ConfigError("the built-in policy rules/policy.toml is missing from this build");
  }
  return parse_policy(file->content, "rules/policy.toml");
}

void check_policy_names(const Policy& policy, const std::vector<Rule>& rules) {
  std::vector<std::string_view> categories;
  std::vector<std::string_view> detectors;
  for (const Rule& rule : rules) {
    categories.push_back(rule.category);
    detectors.push_back(rule.id);
  }
  const auto check = [](const RaiseRule& raise, const std::vector<std::string>& names,
                        const std::vector<std::string_view>& known, const char* what) {
    for (const std::string& name : names) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        throw ConfigError(raise.source + ": unknown " + what + " '" + name + "'" +
                          did_you_mean(name, known));
      }
    }
  };
  for (const RaiseRule& raise : policy.raises) {
    check(raise, raise.categories, categories, "category");
    check(raise, raise.detectors, detectors, "detector");
  }
}

void DistinctCounter::insert_all(const DistinctCounter& other) {
  for (const std::uint64_t fingerprint : other.m_slots) {
    if (fingerprint != 0) {
      insert(fingerprint);
    }
  }
  m_zero = m_zero || other.m_zero;
  m_saturated = m_saturated || other.m_saturated;
}

void DistinctCounter::clear(std::size_t expected) {
  m_bits = 4;
  while ((std::size_t{1} << m_bits) < 2 * expected) {
    ++m_bits;
  }
  m_slots.assign(std::size_t{1} << m_bits, 0);
  m_count = 0;
  m_zero = false;
  m_saturated = false;
}

void DistinctCounter::grow() {
  const std::vector<std::uint64_t> old = std::move(m_slots);
  m_bits = m_bits == 0 ? 4 : m_bits + 1;
  m_slots.assign(std::size_t{1} << m_bits, 0);
  m_count = 0;
  for (const std::uint64_t fingerprint : old) {
    if (fingerprint != 0) {
      place(fingerprint, false);
    }
  }
}

FindingTally::FindingTally(const Policy& policy)
    : m_policy(policy), m_max_distinct(k_max_distinct) {
  for (const RaiseRule& raise : policy.raises) {
    m_max_distinct = std::max(m_max_distinct, raise.min_count);
  }
}

FindingTally::RuleTally& FindingTally::tally_of(const Rule* rule) {
  if (m_last < m_rules.size() && m_rules[m_last].rule == rule) {
    return m_rules[m_last];
  }
  const auto found = std::find_if(m_rules.begin(), m_rules.end(),
                                  [&](const RuleTally& tally) { return tally.rule == rule; });
  m_last = static_cast<std::size_t>(found - m_rules.begin());
  if (found == m_rules.end()) {
    m_rules.emplace_back(rule, m_max_distinct);
  }
  return m_rules[m_last];
}

void FindingTally::add(std::span<const Finding> findings) {
  for (const Finding& finding : findings) {
    RuleTally& tally = tally_of(finding.rule);
    const int confidence = static_cast<int>(finding.confidence);
    ++tally.occurrences[confidence];
    tally.validated[confidence] += finding.validated ? 1 : 0;
    for (int level = 0; level <= confidence; ++level) {
      tally.at_least[static_cast<std::size_t>(level)].insert(finding.fingerprint);
    }
  }
}

namespace {

// A detector's row for a raise: its findings at the raise's confidence or above.
DetectorTally row_for(const Rule& rule, const std::uint64_t (&occurrences)[3],
                      const std::uint64_t (&validated)[3], const DistinctCounter& values,
                      Confidence from) {
  DetectorTally row{rule.id,
                    rule.validator != nullptr ? rule.validator->valid_text : k_checksum_valid};
  std::uint64_t valid = 0;
  for (int level = 2; level >= static_cast<int>(from); --level) {
    if (occurrences[level] > 0) {
      row.lowest = static_cast<Confidence>(level);
    }
    row.occurrences += occurrences[level];
    valid += validated[level];
  }
  row.all_validated = valid == row.occurrences;
  row.distinct = values.size();
  row.distinct_at_least = values.saturated();
  return row;
}

}  // namespace

Classification FindingTally::classify() const {
  Classification result;
  for (const RaiseRule& raise : m_policy.raises) {
    if (raise.level < result.level) {
      continue;
    }
    const auto from = static_cast<std::size_t>(raise.min_confidence);
    std::vector<DetectorTally> rows;
    std::vector<const DistinctCounter*> values;
    for (const RuleTally& tally : m_rules) {
      if (!rule_listed(raise, *tally.rule)) {
        continue;
      }
      DetectorTally row = row_for(*tally.rule, tally.occurrences, tally.validated,
                                  tally.at_least[from], raise.min_confidence);
      if (row.occurrences > 0) {
        rows.push_back(row);
        values.push_back(&tally.at_least[from]);
      }
    }
    if (rows.empty() || distinct_in_all(values) < raise.min_count) {
      continue;
    }
    raise_to(result, raise, std::move(rows));
  }
  return result;
}

// The findings all at hand: grouped by rule, each raise counts its rules' values in one reused
// table. Cheaper per file than a FindingTally, which files with very many findings need.
Classification classify(std::span<const Finding> findings, const Policy& policy) {
  Classification result;
  const auto groups = group_by_rule(findings);
  std::vector<std::uint64_t> all;
  std::vector<std::uint64_t> of_rule;
  for (const RaiseRule& raise : policy.raises) {
    if (raise.level < result.level) {
      continue;
    }
    std::vector<DetectorTally> rows;
    all.clear();
    for (const auto& [rule, members] : groups) {
      if (!rule_listed(raise, *rule)) {
        continue;
      }
      DetectorTally tally{rule->id,
                          rule->validator != nullptr ? rule->validator->valid_text : k_checksum_valid};
      of_rule.clear();
      for (const Finding* finding : members) {
        if (finding->confidence < raise.min_confidence) {
          continue;
        }
        ++tally.occurrences;
        of_rule.push_back(finding->fingerprint);
        tally.all_validated = tally.all_validated && finding->validated;
        tally.lowest = std::min(tally.lowest, finding->confidence);
      }
      if (tally.occurrences == 0) {
        continue;
      }
      all.insert(all.end(), of_rule.begin(), of_rule.end());
      tally.distinct = count_distinct(of_rule);
      rows.push_back(tally);
    }
    if (count_distinct(all) < raise.min_count || rows.empty()) {
      continue;
    }
    raise_to(result, raise, std::move(rows));
  }
  return result;
}

}  // namespace piiscan
