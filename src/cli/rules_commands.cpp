#include "cli/rules_commands.hpp"

#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include <piiscan/detector.hpp>
#include <piiscan/error.hpp>
#include <piiscan/scan.hpp>

#include "cli/cli.hpp"

namespace piiscan::cli {

namespace {

std::string validator_name(const Rule& rule) {
  return rule.validator != nullptr ? std::string(rule.validator->name) : "-";
}

void list_table(const std::vector<Rule>& rules) {
  std::size_t id_width = 2;
  std::size_t category_width = 8;
  std::size_t validator_width = 9;
  for (const Rule& rule : rules) {
    id_width = std::max(id_width, rule.id.size());
    category_width = std::max(category_width, rule.category.size());
    validator_width = std::max(validator_width, validator_name(rule).size());
  }
  const auto row = [&](const std::string& id, const std::string& category,
                       const std::string& validator, const std::string& description) {
    std::cout << id << std::string(id_width - id.size() + 2, ' ') << category
              << std::string(category_width - category.size() + 2, ' ') << validator
              << std::string(validator_width - validator.size() + 2, ' ') << description << '\n';
  };
  row("ID", "CATEGORY", "VALIDATOR", "DESCRIPTION");
  for (const Rule& rule : rules) {
    row(rule.id, rule.category, validator_name(rule), rule.description);
  }
}

void list_json(const std::vector<Rule>& rules) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Rule& rule : rules) {
    list.push_back({{"id", rule.id},
                    {"category", rule.category},
                    {"validator", rule.validator ? nlohmann::ordered_json(validator_name(rule))
                                                 : nlohmann::ordered_json(nullptr)},
                    {"reference", rule.validator ? std::string(rule.validator->reference) : ""},
                    {"description", rule.description},
                    {"confidence", to_string(rule.confidence)},
                    {"context", rule.context},
                    {"context_required", rule.context_required},
                    {"regex", rule.regex}});
  }
  std::cout << list.dump(2) << '\n';
}

int list_rules(const RulesArgs& args) {
  const Engine engine(load_all_rules(args.rules));  // compiles them: a list of rules scan rejects is no list
  const std::vector<Rule>& rules = engine.rules();
  if (args.format == "json") {
    list_json(rules);
  } else if (args.format == "table") {
    list_table(rules);
  } else {
    throw ConfigError("unknown --format '" + args.format + "' for rules list (use table or json)");
  }
  return k_exit_clean;
}

std::size_t count_rule(const std::vector<Finding>& findings, const Rule& rule) {
  return static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [&](const Finding& f) { return f.rule->id == rule.id; }));
}

// Findings of `rule` for one example: scanned as text, or for a metadata rule ("field=value")
// offered as that metadata field.
std::size_t count_example(const Engine& engine, const Rule& rule, const std::string& example) {
  if (rule.metadata_fields.empty()) {
    return count_rule(scan_text(example, engine), rule);
  }
  const std::size_t equals = example.find('=');
  if (equals == std::string::npos) {
    return 0;
  }
  const auto finding = engine.match_metadata(example.substr(0, equals), example.substr(equals + 1));
  return finding && finding->rule->id == rule.id ? 1 : 0;
}

// Runs every rule's examples through the whole engine: each `match` must give exactly one
// finding of that rule, each `no_match` none; a rule without both kinds of example fails.
int test_rules(const RulesArgs& args) {
  const Engine engine(load_all_rules(args.rules));
  std::size_t passed = 0;
  std::size_t failed = 0;
  const auto report = [&](bool ok, const Rule& rule, const std::string& what) {
    if (ok) {
      ++passed;
      return;
    }
    ++failed;
    std::cout << "FAIL " << rule.source << ": rule '" << rule.id << "': " << what << '\n';
  };
  for (const Rule& rule : engine.rules()) {
    report(!rule.examples_match.empty() && !rule.examples_no_match.empty(), rule,
           "needs examples.match and examples.no_match");
    for (const std::string& example : rule.examples_match) {
      const std::size_t n = count_example(engine, rule, example);
      report(n == 1, rule, "match example gave " + std::to_string(n) + " findings: " + example);
    }
    for (const std::string& example : rule.examples_no_match) {
      const std::size_t n = count_example(engine, rule, example);
      report(n == 0, rule, "no_match example gave " + std::to_string(n) + " findings: " + example);
    }
  }
  std::cout << engine.rules().size() << " rules: " << passed << " passed, " << failed
            << " failed\n";
  return failed == 0 ? k_exit_clean : k_exit_found;
}

}  // namespace

std::vector<Rule> load_all_rules(const std::vector<std::string>& extra) {
  std::vector<Rule> rules = builtin_rules();
  for (const std::string& path : extra) {
    std::vector<Rule> more = load_rules(path);
    std::move(more.begin(), more.end(), std::back_inserter(rules));
  }
  return rules;
}

void add_rules_commands(CLI::App& app, RulesArgs& args, int& exit_code) {
  CLI::App* rules = app.add_subcommand("rules", "List the detectors or test their examples");
  rules->require_subcommand(1);
  CLI::App* list = rules->add_subcommand("list", "Print the detectors: id, category, validator, description");
  list->add_option("--format", args.format, "table (default) or json")->type_name("FORMAT");
  list->add_option("--rules", args.rules, "Extra rule file or folder (repeatable)")->type_name("PATH");
  list->callback([&] { exit_code = list_rules(args); });
  CLI::App* test = rules->add_subcommand("test", "Run every rule's examples; exit 1 on a failure");
  test->add_option("--rules", args.rules, "Extra rule file or folder (repeatable)")->type_name("PATH");
  test->callback([&] { exit_code = test_rules(args); });
}

}  // namespace piiscan::cli
