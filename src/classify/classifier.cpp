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
  bool all_validated = true;
  Confidence lowest = Confidence::high;
};

// Counted in an open-addressing set: sorting them was 3 % of the instructions of a scan of an
// HR export, as each policy raise counts a rule's values again. Slots hold fingerprints, 0 the
// empty slot, so a fingerprint of 0 is counted on its own.
std::size_t count_distinct(const std::vector<std::uint64_t>& fingerprints) {
  thread_local std::vector<std::uint64_t> slots;
  int bits = 4;
  while ((std::size_t{1} << bits) < 2 * fingerprints.size()) {
    ++bits;
  }
  slots.assign(std::size_t{1} << bits, 0);
  const std::size_t mask = slots.size() - 1;
  std::size_t distinct = 0;
  bool zero = false;
  for (const std::uint64_t fingerprint : fingerprints) {
    if (fingerprint == 0) {
      zero = true;
      continue;
    }
    // Fibonacci hashing: the top bits of the product spread even consecutive numbers.
    const std::uint64_t spread = fingerprint * 0x9E3779B97F4A7C15ULL;
    std::size_t slot = static_cast<std::size_t>(spread >> (64 - bits));
    while (slots[slot] != 0 && slots[slot] != fingerprint) {
      slot = (slot + 1) & mask;
    }
    if (slots[slot] == 0) {
      slots[slot] = fingerprint;
      ++distinct;
    }
  }
  return distinct + (zero ? 1 : 0);
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

// "reason: 40 × iban (checksum valid), 20 × religion (2 distinct, high confidence)", busiest
// detector first. Thresholds count distinct values; the text shows occurrences too.
std::string explain(const RaiseRule& raise, std::vector<DetectorTally> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.occurrences != b.occurrences ? a.occurrences > b.occurrences : a.id < b.id;
  });
  std::string text = raise.reason + ": ";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const DetectorTally& entry = rows[i];
    const std::string distinct = entry.distinct == entry.occurrences
                                     ? std::string()
                                     : std::to_string(entry.distinct) + " distinct, ";
    text += (i == 0 ? "" : ", ") + std::to_string(entry.occurrences) + " \u00d7 " +
            std::string(entry.id) + " (" + distinct +
            (entry.all_validated ? std::string(entry.valid_text)
                                 : std::string(to_string(entry.lowest)) + " confidence") +
            ")";
  }
  return text;
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
    if (raise.level > result.level) {
      result.level = raise.level;
      result.reasons.clear();
    }
    result.reasons.push_back(explain(raise, std::move(rows)));
  }
  return result;
}

}  // namespace piiscan
