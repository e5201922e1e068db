// The built-in rules' regexes, and their examples in one text, for tests that run every rule.
#pragma once

#include <string>
#include <vector>

#include <piiscan/rule.hpp>

namespace piiscan::testing {

struct BuiltinExamples {
  std::vector<std::string> patterns;
  std::string text;  // matching examples end with " | ", the others with a line feed
};

inline BuiltinExamples builtin_examples() {
  BuiltinExamples out;
  for (const Rule& rule : builtin_rules()) {
    if (rule.regex.empty()) continue;
    out.patterns.push_back(rule.regex);
    for (const std::string& example : rule.examples_match) out.text += example + " | ";
    for (const std::string& example : rule.examples_no_match) out.text += example + "\n";
  }
  return out;
}

}  // namespace piiscan::testing
