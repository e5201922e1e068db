// The detector engine: all rules, compiled once, run over a chunk in one pass.
//
// `Engine::scan` finds every rule's matches in one DFA pass over the chunk, whatever the number
// of rules (src/detect/locator.hpp), validates each candidate, scores it with context words,
// and masks it.
//
// Thread-safety: an `Engine` is immutable after construction; `scan` is const and may run on
// many threads at once. It never throws on input data and does no I/O.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piiscan/chunk.hpp>
#include <piiscan/finding.hpp>
#include <piiscan/rule.hpp>

namespace piiscan {

class ColumnCursor;  // src/detect/context.hpp

struct EngineOptions {
  bool keep_values = false;  // copy raw values into Finding::value (`--show-values`)
};

class Engine {
 public:
  // Compiles `rules`. Throws `ConfigError` naming the rule's source when RE2 rejects a regex or
  // two rules share an id.
  explicit Engine(std::vector<Rule> rules, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Appends the findings of `chunk` to `out`, ordered by offset. Offsets are absolute
  // (`chunk.base_offset` added); line and column are left 0 for the caller to fill in.
  void scan(const Chunk& chunk, std::vector<Finding>& out) const;

  // The finding for a personal-metadata value that a document extractor reported under
  // `field` (e.g. "dc:creator"), or nothing when no metadata rule lists that field. Line and
  // column are 0; `location` is the field name.
  std::optional<Finding> match_metadata(std::string_view field, std::string_view value) const;

  const std::vector<Rule>& rules() const noexcept;
  const Rule* find_rule(std::string_view id) const noexcept;

  // Bytes the longest possible match plus its context may span; windows overlap by this much.
  static constexpr std::size_t k_max_match_span = 2048;

 private:
  void consider(std::size_t rule_index, const Chunk& chunk, std::size_t value_begin,
                std::string_view value, ColumnCursor& columns, std::vector<Finding>& out) const;

  struct Compiled;
  std::unique_ptr<Compiled> m_compiled;
  EngineOptions m_options;
};

// Masks a value for reports: separators kept, at most 4 letters or digits shown (the first two
// and the last two for values of 8 or more; fewer for shorter values).
ShortString mask_value(std::string_view value);

}  // namespace piiscan
