#define TOML_EXCEPTIONS 1
#include "rules/toml_util.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>

#include <piiscan/error.hpp>

#include "util/errno_text.hpp"

namespace piiscan {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string at_line(const std::string& where, const toml::node& node) {
  // `where` is "file:line[: rule 'id']"; the key's own line is more precise.
  const std::size_t colon = where.find(':');
  const std::size_t rest = where.find(": ", colon == std::string::npos ? 0 : colon);
  std::string file = where.substr(0, colon);
  return file + ":" + std::to_string(line_of(node)) +
         (rest == std::string::npos ? std::string() : where.substr(rest));
}

}  // namespace

std::string read_config_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError("cannot read " + what + ": " + path + ": " + errno_text(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

toml::table parse_toml(std::string_view text, const std::string& source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    throw ConfigError(source_name + ":" + std::to_string(error.source().begin.line) + ":" +
                      std::to_string(error.source().begin.column) + ": " +
                      std::string(error.description()));
  }
}

std::uint32_t line_of(const toml::node& node) { return node.source().begin.line; }

void reject_unknown_keys(const toml::table& table, const std::set<std::string_view>& allowed,
                         const std::string& where) {
  const std::vector<std::string_view> candidates(allowed.begin(), allowed.end());
  for (const auto& [key, node] : table) {
    if (allowed.count(key.str()) == 0) {
      throw ConfigError(at_line(where, node) + ": unknown key '" + std::string(key.str()) + "'" +
                        did_you_mean(key.str(), candidates));
    }
  }
}

std::optional<std::string> optional_string(const toml::table& table, std::string_view key,
                                           const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  if (!node->is_string()) {
    throw ConfigError(at_line(where, *node) + ": '" + std::string(key) + "' must be a string");
  }
  return node->value<std::string>();
}

bool optional_bool(const toml::table& table, std::string_view key, bool fallback,
                   const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return fallback;
  }
  if (!node->is_boolean()) {
    throw ConfigError(at_line(where, *node) + ": '" + std::string(key) + "' must be true or false");
  }
  return *node->value<bool>();
}

std::vector<std::string> string_array(const toml::table& table, std::string_view key,
                                      const std::string& where) {
  std::vector<std::string> result;
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return result;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    throw ConfigError(at_line(where, *node) + ": '" + std::string(key) +
                      "' must be an array of strings");
  }
  for (const toml::node& item : *array) {
    if (!item.is_string()) {
      throw ConfigError(at_line(where, item) + ": '" + std::string(key) +
                        "' must be an array of strings");
    }
    result.push_back(*item.value<std::string>());
  }
  return result;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
}

}  // namespace piiscan
