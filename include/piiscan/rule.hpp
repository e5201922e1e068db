// Rules: the data that defines a detector (a regex, an optional validator, context words,
// a base confidence and examples), loaded from TOML files.
//
// The built-in rule files (rules/*.toml) are embedded into the binary at build time, so piiscan
// finds them from any working directory; `--rules PATH` adds more. Loading validates every field
// and rejects unknown keys; errors throw `ConfigError` with "file:line: rule 'id': problem".
//
// Rules are immutable once loaded and safe to share between threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <piiscan/finding.hpp>
#include <piiscan/validators.hpp>

namespace piiscan {

struct Rule {
  std::string id;           // stable detector id, lower snake case (design §4.4)
  std::string category;     // e.g. "national_id", "financial", "contact"; the policy uses it
  std::string description;  // one line for `rules list`
  std::string regex;        // RE2 syntax; empty for a metadata rule
  // A metadata rule matches values that document extractors report as personal metadata
  // (document.hpp) under one of these field names instead of matching text. Its examples are
  // written "field=value".
  std::vector<std::string> metadata_fields;
  int group = 0;            // capture group holding the value; 0 = the whole match
  // Text every match contains (digits and punctuation only), e.g. "@" for e-mail. The rule
  // is searched on its own, only near each occurrence, not in the combined pass. Empty if
  // none.
  std::string required;
  const ValidatorInfo* validator = nullptr;  // null when the rule has none
  // Confidence of a candidate that passed its validator (or has none), without context.
  Confidence confidence = Confidence::medium;
  // Context words as written in the rule file, and their folded forms (see fold_context_text).
  std::vector<std::string> context;
  std::vector<std::string> folded_context;
  // When true, a candidate without a context word nearby is not reported.
  bool context_required = false;
  std::vector<std::string> examples_match;     // each must yield exactly one finding of this rule
  std::vector<std::string> examples_no_match;  // each must yield none
  std::string source;  // "rules/financial.toml:12", for messages
  // One of piiscan's own rules: its `required` text is proven by a unit test, not at every
  // start-up (9 M instructions, about 2 ms).
  bool builtin = false;
};

// Parses one TOML rule document. `source_name` is used in messages. Throws `ConfigError`.
std::vector<Rule> parse_rules(std::string_view toml_text, const std::string& source_name);

// Loads a rule file, or every `*.toml` file in a folder (sorted by name). Throws `ConfigError`.
std::vector<Rule> load_rules(const std::filesystem::path& path);

// The rules embedded into the binary from the repository's rules/ folder (policy.toml excluded).
std::vector<Rule> builtin_rules();

// Folds text for context matching: ASCII lower case, German umlauts to ae/oe/ue, ß to ss, and
// every character that is not a letter or digit dropped, so "St.-IdNr." and "Steuer-ID" become
// "stidnr" and "steuerid" and compounds such as "Arbeitnehmer-SV-Nummer" contain "svnummer".
std::string fold_context_text(std::string_view text);

// Like fold_context_text, but every run of other characters becomes one space, so words stay
// apart: "Routine, TIN:" → "routine tin ". Short context words (3 folded characters or fewer,
// such as "tin" or "geb") must match a whole word in this form, or "tin" would fire inside
// "Martin" and "Routine".
std::string fold_context_words(std::string_view text);

inline constexpr std::size_t k_short_context_word = 3;

}  // namespace piiscan
