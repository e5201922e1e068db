// `piiscan rules list` and `piiscan rules test`.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <piiscan/rule.hpp>

namespace piiscan::cli {

struct RulesArgs {
  std::vector<std::string> rules;  // extra rule files or folders
  std::string format = "table";
};

// The built-in rules followed by those in `extra` (files or folders). Throws `ConfigError`.
std::vector<Rule> load_all_rules(const std::vector<std::string>& extra);

void add_rules_commands(CLI::App& app, RulesArgs& args, int& exit_code);

}  // namespace piiscan::cli
