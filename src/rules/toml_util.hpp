// Small helpers for reading piiscan's TOML files (rules and policy) with messages that name the
// file, the line and the key. Every helper throws `ConfigError`.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace piiscan {

// The whole content of a configuration file; `what` names it in the error ("rule file" gives
// "cannot read rule file: PATH: no such file or directory").
std::string read_config_file(const std::string& path, const std::string& what);

// Parses `text`; a syntax error becomes "source:line:column: problem".
toml::table parse_toml(std::string_view text, const std::string& source_name);

std::uint32_t line_of(const toml::node& node);

// Throws "where: unknown key 'x' (did you mean 'y'?)" for a key not in `allowed`.
void reject_unknown_keys(const toml::table& table, const std::set<std::string_view>& allowed,
                         const std::string& where);

std::optional<std::string> optional_string(const toml::table& table, std::string_view key,
                                           const std::string& where);
bool optional_bool(const toml::table& table, std::string_view key, bool fallback,
                   const std::string& where);
// An array of strings; a missing key is an empty array.
std::vector<std::string> string_array(const toml::table& table, std::string_view key,
                                      const std::string& where);

// " (did you mean 'x'?)" for the closest of `candidates` within edit distance 2, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace piiscan
