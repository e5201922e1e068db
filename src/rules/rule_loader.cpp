#include <piiscan/rule.hpp>

#include <algorithm>
#include <set>

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include <piiscan/error.hpp>

#include "rules/embedded.hpp"
#include "rules/toml_util.hpp"

namespace piiscan {

namespace {

const std::set<std::string_view> k_rule_keys = {
    "id",         "category", "description",      "regex",    "group",          "validator",
    "confidence", "context",  "context_required", "examples", "metadata_fields", "required"};

class RuleReader {
 public:
  RuleReader(const toml::table& table, const std::string& source_name)
      : m_table(table), m_source(source_name + ":" + std::to_string(line_of(table))) {}

  Rule read() {
    Rule rule;
    rule.source = m_source;
    rule.id = required_string("id");
    m_id = rule.id;
    reject_unknown_keys(m_table, k_rule_keys, where());
    check_id(rule.id);
    rule.category = required_string("category");
    rule.description = required_string("description");
    rule.metadata_fields = string_array(m_table, "metadata_fields", where());
    if (rule.metadata_fields.empty()) {
      rule.regex = required_string("regex");
    } else if (m_table.contains("regex")) {
      fail("a rule has either 'regex' or 'metadata_fields', not both");
    }
    rule.group = static_cast<int>(optional_integer("group", 0));
    rule.required = read_required();
    rule.validator = read_validator();
    rule.confidence = read_confidence();
    rule.context = string_array(m_table, "context", where());
    for (const std::string& word : rule.context) {
      rule.folded_context.push_back(checked_fold(word));
    }
    rule.context_required = optional_bool(m_table, "context_required", false, where());
    if (rule.context_required && rule.context.empty()) {
      fail_at("context_required", "context_required is true but the rule has no context words");
    }
    read_examples(rule);
    return rule;
  }

 private:
  std::string where() const {
    return m_source + (m_id.empty() ? std::string() : ": rule '" + m_id + "'");
  }
  [[noreturn]] void fail(const std::string& problem) const {
    throw ConfigError(where() + ": " + problem);
  }
  // Like fail(), but at the line of `key` itself rather than the rule's first line.
  [[noreturn]] void fail_at(std::string_view key, const std::string& problem) const {
    const toml::node* node = m_table.get(key);
    const std::string file = m_source.substr(0, m_source.rfind(':'));
    const std::string line = node != nullptr ? std::to_string(line_of(*node))
                                             : m_source.substr(m_source.rfind(':') + 1);
    throw ConfigError(file + ":" + line + ": rule '" + m_id + "': " + problem);
  }

  std::string required_string(std::string_view key) {
    std::optional<std::string> value = optional_string(m_table, key, where());
    if (!value || value->empty()) {
      fail("missing required key '" + std::string(key) + "'");
    }
    return *value;
  }

  std::int64_t optional_integer(std::string_view key, std::int64_t fallback) {
    const toml::node* node = m_table.get(key);
    if (node == nullptr) {
      return fallback;
    }
    const auto value = node->value<std::int64_t>();
    if (!value || *value < 0 || *value > 9) {
      fail_at(key, "'" + std::string(key) + "' must be an integer from 0 to 9");
    }
    return *value;
  }

  void check_id(const std::string& id) const {
    const bool snake = std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!snake || id.front() == '_' || (id.front() >= '0' && id.front() <= '9')) {
      fail("id must be lower snake case (a-z, 0-9, _)");
    }
  }

  const ValidatorInfo* read_validator() {
    const std::optional<std::string> name = optional_string(m_table, "validator", where());
    if (!name) {
      return nullptr;
    }
    if (const ValidatorInfo* info = find_validator(*name)) {
      return info;
    }
    std::vector<std::string_view> known;
    for (const ValidatorInfo& info : builtin_validators()) {
      known.push_back(info.name);
    }
    fail_at("validator", "unknown validator '" + *name + "'" + did_you_mean(*name, known));
  }

  Confidence read_confidence() {
    const std::optional<std::string> text = optional_string(m_table, "confidence", where());
    if (!text) {
      return Confidence::medium;
    }
    const std::optional<Confidence> confidence = parse_confidence(*text);
    if (!confidence) {
      fail_at("confidence", "confidence must be \"low\", \"medium\" or \"high\", not '" + *text + "'");
    }
    return *confidence;
  }

  // The engine proves that the regex needs it (Engine::Engine); here only its form is checked.
  std::string read_required() const {
    const std::optional<std::string> text = optional_string(m_table, "required", where());
    if (!text) {
      return {};
    }
    if (text->empty()) {
      fail_at("required", "'required' must not be empty");
    }
    if (std::any_of(text->begin(), text->end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
        })) {
      fail_at("required", "'required' may hold only ASCII digits and punctuation, not '" + *text +
                              "' (letters could differ in case)");
    }
    return *text;
  }

  std::string checked_fold(const std::string& word) const {
    std::string folded = fold_context_text(word);
    if (folded.empty()) {
      fail_at("context", "context word '" + word + "' has no letters or digits");
    }
    return folded;
  }

  void read_examples(Rule& rule) const {
    const toml::node* node = m_table.get("examples");
    if (node == nullptr) {
      return;  // `rules test` reports rules without examples
    }
    const toml::table* examples = node->as_table();
    if (examples == nullptr) {
      fail("'examples' must be a table with 'match' and 'no_match'");
    }
    reject_unknown_keys(*examples, {"match", "no_match"}, where() + ": examples");
    rule.examples_match = string_array(*examples, "match", where());
    rule.examples_no_match = string_array(*examples, "no_match", where());
  }

  const toml::table& m_table;
  std::string m_source;
  std::string m_id;
};

bool is_policy_file(const std::filesystem::path& path) {
  return path.filename() == "policy.toml";
}

}  // namespace

std::vector<Rule> parse_rules(std::string_view toml_text, const std::string& source_name) {
  const toml::table document = parse_toml(toml_text, source_name);
  reject_unknown_keys(document, {"rule"}, source_name);
  const toml::node* rules_node = document.get("rule");
  if (rules_node == nullptr) {
    return {};
  }
  const toml::array* rules = rules_node->as_array();
  if (rules == nullptr) {
    throw ConfigError(source_name + ": 'rule' must be an array of tables ([[rule]])");
  }
  std::vector<Rule> result;
  for (const toml::node& node : *rules) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      throw ConfigError(source_name + ": 'rule' must be an array of tables ([[rule]])");
    }
    result.push_back(RuleReader(*table, source_name).read());
  }
  return result;
}

std::vector<Rule> load_rules(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    return parse_rules(read_config_file(path.string(), "rule file"), path.string());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    if (entry.path().extension() == ".toml" && !is_policy_file(entry.path())) {
      files.push_back(entry.path());
    }
  }
  if (ec) {
    throw ConfigError("cannot read rule folder: " + path.string() + ": " + ec.message());
  }
  std::sort(files.begin(), files.end());
  std::vector<Rule> rules;
  for (const auto& file : files) {
    std::vector<Rule> more = parse_rules(read_config_file(file.string(), "rule file"), file.string());
    std::move(more.begin(), more.end(), std::back_inserter(rules));
  }
  return rules;
}

std::vector<Rule> builtin_rules() {
  std::vector<Rule> rules;
  for (const EmbeddedFile& file : embedded_rule_files()) {
    if (is_policy_file(std::string(file.name))) {
      continue;
    }
    std::vector<Rule> more = parse_rules(file.content, "rules/" + std::string(file.name));
    for (Rule& rule : more) {
      rule.builtin = true;
    }
    std::move(more.begin(), more.end(), std::back_inserter(rules));
  }
  return rules;
}

}  // namespace piiscan
