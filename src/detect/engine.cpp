#include <piiscan/detector.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <numeric>
#include <unordered_map>
#include <random>
#include <unordered_set>

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <piiscan/error.hpp>

#include "detect/context.hpp"
#include "detect/locator.hpp"
#include "detect/rule_regex.hpp"
#include "rules/regex_bounds.hpp"

namespace piiscan {

namespace {

// The compiled regexes. RE2 objects are thread-safe, but threads sharing one object contend
// on its DFA cache lock; measured on this 2-core machine, copies per thread scaled 2.0× with
// two threads where shared objects gave 1.4–1.6× (docs/performance-notes; with the locator,
// sharing measured 0.96× at -j2), so every thread compiles its own copy on first use (1.95 ms
// here; 6.6–6.9 ms while each copy built its own StartFinder too). The locator's StartFinder,
// which needs no RE2, is shared with the first thread's, and so are the DFA states it builds
// (start_finder.hpp).
struct Regexes {
  std::vector<std::unique_ptr<RE2>> by_rule;  // parallel to the rules; null for metadata rules
  // The rules found together in one pass: all of them where the locator's StartFinder models
  // every rule, else those without `required` text.
  std::unique_ptr<Locator> located;
  std::vector<std::size_t> located_rules;  // Locator pattern index → rule index
  // Rules searched on their own, only near each occurrence of their `required` text: in RE2's
  // alternation, e-mail's counted local part slowed the DFA for all text (the StartFinder's
  // reversed DFA takes it in stride: share-0.25 8 % faster with it than gated). Also a rule
  // whose regex the locator cannot take (then searched everywhere).
  std::vector<std::size_t> gated;
};

std::atomic<std::uint64_t> g_next_engine_id{1};

}  // namespace

struct Engine::Compiled {
  std::vector<Rule> rules;
  std::vector<ContextWords> context_words;  // parallel to the rules
  std::vector<std::size_t> longest_match;   // parallel to the rules: checked_match_span
  Regexes shared;  // compiled in the constructor, so configuration errors surface there
  std::uint64_t id = g_next_engine_id.fetch_add(1);
  std::uint64_t fingerprint_salt = 0;

  mutable std::atomic<bool> shared_taken{false};

  // This thread's regexes, keyed by engine id (not address: a later engine may reuse it). The
  // first thread to ask uses the set compiled in the constructor; only the others compile a
  // copy, so a one-thread run compiles the rules once.
  const Regexes& for_this_thread() const {
    struct Slot {
      std::unique_ptr<Regexes> owned;
      const Regexes* use = nullptr;
    };
    thread_local std::unordered_map<std::uint64_t, Slot> slots;
    Slot& slot = slots[id];
    if (slot.use == nullptr) {
      if (!shared_taken.exchange(true)) {
        slot.use = &shared;
      } else {
        slot.owned = std::make_unique<Regexes>(compile_regexes(rules, &shared));
        slot.use = slot.owned.get();
      }
    }
    return *slot.use;
  }
  // With `model`, the regexes of another thread: the locator shares the model's StartFinder.
  static Regexes compile_regexes(const std::vector<Rule>& rules, const Regexes* model = nullptr);
};

RE2::Options rule_regex_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_max_mem(64 << 20);
  return options;
}

namespace {

std::unique_ptr<RE2> compile_rule_regex(const Rule& rule) {
  auto re = std::make_unique<RE2>(rule.regex, rule_regex_options());
  if (!re->ok()) {
    throw ConfigError(rule.source + ": rule '" + rule.id + "': invalid regex: " + re->error());
  }
  if (rule.group > re->NumberOfCapturingGroups()) {
    throw ConfigError(rule.source + ": rule '" + rule.id + "': group " +
                      std::to_string(rule.group) + " does not exist in the regex");
  }
  return re;
}

// A wrong `required` would lose matches silently, so RE2's own prefilter analysis must show
// that the regex cannot match without it: with every other literal ("atom") present, the rule
// must still be filtered out. FilteredRE2 is conservative, so a rule it cannot prove is refused.
// The built-in rules are proven by a unit test (engine_test) instead of at every start-up.
void check_required(const Rule& rule) {
  if (rule.required.empty() || rule.builtin) {
    return;
  }
  re2::FilteredRE2 filter(1);
  int id = 0;
  if (filter.Add(rule.regex, rule_regex_options(), &id) != RE2::NoError) {
    return;  // compile_rule_regex reports the regex error
  }
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<int> present;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    if (atoms[i].find(rule.required) == std::string::npos) {
      present.push_back(static_cast<int>(i));
    }
  }
  std::vector<int> passing;
  filter.AllPotentials(present, &passing);
  if (!passing.empty()) {
    throw ConfigError(rule.source + ": rule '" + rule.id + "': required text '" + rule.required +
                      "' is not needed by every match of the regex");
  }
}

// Windows overlap by k_max_match_span bytes, so a longer match could straddle two windows and
// be missed or reported twice; rules.md asks for bounded repetitions, and this enforces it.
// Returns the bound (0 for a rule without a regex): rules with `required` text are searched
// only that far around it.
std::size_t checked_match_span(const Rule& rule) {
  if (rule.regex.empty()) {
    return 0;
  }
  const std::optional<std::size_t> bound = max_match_length(rule.regex);
  if (!bound || *bound > Engine::k_max_match_span) {
    throw ConfigError(rule.source + ": rule '" + rule.id + "': a match can be longer than " +
                      std::to_string(Engine::k_max_match_span) +
                      " bytes; bound every repetition, e.g. [0-9]{1,20} instead of [0-9]+");
  }
  return *bound;
}

void check_unique_ids(const std::vector<Rule>& rules) {
  std::unordered_set<std::string_view> seen;
  for (const Rule& rule : rules) {
    if (!seen.insert(rule.id).second) {
      throw ConfigError(rule.source + ": rule '" + rule.id + "': duplicate rule id");
    }
  }
}

std::uint64_t random_salt() {
  std::random_device device;
  return (std::uint64_t{device()} << 32) ^ device();
}

// What a byte adds to a fingerprint: letters upper-cased, digits and non-ASCII bytes as they
// are, 0 for a separator, which adds nothing.
constexpr std::array<unsigned char, 256> k_fingerprint_bytes = [] {
  std::array<unsigned char, 256> bytes{};
  for (int c = 0; c < 256; ++c) {
    const bool kept = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    const int upper = c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
    bytes[static_cast<std::size_t>(c)] = static_cast<unsigned char>(kept || upper != c ? upper : 0);
  }
  return bytes;
}();

// FNV-1a over the value's letters and digits (upper-cased), salted; separators do not make two
// spellings of one IBAN count as two values.
std::uint64_t fingerprint(std::string_view value, std::uint64_t salt) noexcept {
  std::uint64_t hash = 1469598103934665603ULL ^ salt;
  for (const char c : value) {
    const unsigned char b = k_fingerprint_bytes[static_cast<unsigned char>(c)];
    if (b != 0) {
      hash = (hash ^ b) * 1099511628211ULL;
    }
  }
  return hash;
}

Confidence raised(Confidence c) noexcept {
  return c == Confidence::low ? Confidence::medium : Confidence::high;
}

}  // namespace

Regexes Engine::Compiled::compile_regexes(const std::vector<Rule>& rules, const Regexes* model) {
  Regexes compiled;
  compiled.located = model != nullptr
                         ? std::make_unique<Locator>(rule_regex_options(), *model->located)
                         : std::make_unique<Locator>(rule_regex_options());
  const bool finder_takes_all = std::all_of(rules.begin(), rules.end(), [](const Rule& rule) {
    return rule.regex.empty() || StartFinder::models(rule.regex);
  });
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    if (rule.regex.empty()) {
      compiled.by_rule.push_back(nullptr);
      continue;
    }
    compiled.by_rule.push_back(compile_rule_regex(rule));
    if ((rule.required.empty() || finder_takes_all) &&
        compiled.located->add(*compiled.by_rule.back(), rule.group)) {
      compiled.located_rules.push_back(i);
    } else {
      compiled.gated.push_back(i);
    }
  }
  if (!compiled.located->compile()) {
    throw ConfigError("rules: the combined rules are too large for RE2: " +
                      compiled.located->error());
  }
  return compiled;
}

Engine::Engine(std::vector<Rule> rules, EngineOptions options)
    : m_compiled(std::make_unique<Compiled>()), m_options(options) {
  check_unique_ids(rules);
  m_compiled->shared = Compiled::compile_regexes(rules);
  std::for_each(rules.begin(), rules.end(), check_required);
  for (const Rule& rule : rules) {
    m_compiled->longest_match.push_back(checked_match_span(rule));
  }
  m_compiled->rules = std::move(rules);
  m_compiled->context_words.reserve(m_compiled->rules.size());
  for (const Rule& rule : m_compiled->rules) {
    m_compiled->context_words.emplace_back(rule.folded_context);
  }
  m_compiled->fingerprint_salt = random_salt();
}

Engine::~Engine() = default;

const std::vector<Rule>& Engine::rules() const noexcept { return m_compiled->rules; }

std::optional<Finding> Engine::match_metadata(std::string_view field,
                                              std::string_view value) const {
  for (const Rule& rule : m_compiled->rules) {
    if (std::find(rule.metadata_fields.begin(), rule.metadata_fields.end(), field) ==
        rule.metadata_fields.end()) {
      continue;
    }
    Finding finding;
    finding.rule = &rule;
    finding.length = static_cast<std::uint32_t>(value.size());
    finding.confidence = rule.confidence;
    finding.location = std::string(field);
    finding.excerpt = mask_value(value);
    if (m_options.keep_values) {
      finding.value = std::string(value);
    }
    finding.fingerprint = fingerprint(value, m_compiled->fingerprint_salt);
    return finding;
  }
  return std::nullopt;
}

const Rule* Engine::find_rule(std::string_view id) const noexcept {
  for (const Rule& rule : m_compiled->rules) {
    if (rule.id == id) {
      return &rule;
    }
  }
  return nullptr;
}

namespace {

// Calls `on_stretch(begin, end)` for each stretch of `text` within `longest` bytes of an
// occurrence of `required`, in order, overlapping stretches merged (or a match in both could
// be found twice), until it returns false. Empty `required`: the whole text.
template <typename OnStretch>
void for_each_stretch(std::string_view text, std::string_view required, std::size_t longest,
                      OnStretch on_stretch) {
  if (required.empty()) {
    on_stretch(std::size_t{0}, text.size());
    return;
  }
  const auto begin_of = [&](std::size_t at) {
    return at + required.size() > longest ? at + required.size() - longest : 0;
  };
  std::size_t at = text.find(required);
  while (at != std::string_view::npos) {
    const std::size_t begin = begin_of(at);
    std::size_t end = std::min(text.size(), at + longest);
    for (at = text.find(required, at + 1); at != std::string_view::npos && begin_of(at) <= end;
         at = text.find(required, at + 1)) {
      end = std::min(text.size(), at + longest);
    }
    if (!on_stretch(begin, end)) {
      return;
    }
  }
}

// Calls `on_candidate(value_begin, value)` for every match of a rule with `required` text that
// starts inside the chunk's accept range. Every match holds the text (proven at load time) and
// is at most `longest` bytes long, so it lies in a stretch near an occurrence: only those are
// searched, each from where the rule's own search over the whole text would be. RE2 reads the
// text beyond a stretch as context for \b and $.
template <typename OnCandidate>
void for_each_gated_match(const RE2& re, const Rule& rule, std::size_t longest, const Chunk& chunk,
                          OnCandidate on_candidate) {
  re2::StringPiece groups[Locator::k_max_groups];
  const int group = rule.group;
  const re2::StringPiece text(chunk.text.data(), chunk.text.size());
  std::size_t resume = 0;  // where the rule's own search would go on
  for_each_stretch(chunk.text, rule.required, longest, [&](std::size_t from, std::size_t end) {
    resume = for_each_own_match(
        re, text, std::max(from, resume), end, chunk.accept_end, groups,
        std::min(group + 1, Locator::k_max_groups), [&](std::size_t begin) {
          if (begin >= chunk.accept_begin && groups[group].data() != nullptr) {
            const auto value_begin = static_cast<std::size_t>(groups[group].data() - text.data());
            on_candidate(value_begin, std::string_view(groups[group].data(), groups[group].size()));
          }
        });
    return resume != std::string_view::npos;
  });
}

// Sorts `out[first..]` by offset, longer first, then rule order (drop_contained keeps the first
// rule of two on the same span). Findings are large (three strings), so 4-byte indices are
// sorted and each finding is moved twice, not once per pass of a merge sort. The findings come
// in a few runs already in order (the located ones, then each rule searched near its required
// text), so the runs are merged, a pass each, instead of sorting all; when nothing is out of
// order, nothing moves.
void sort_findings(std::vector<Finding>& out, std::size_t first) {
  const auto before = [](const Finding& a, const Finding& b) {
    if (a.offset != b.offset) return a.offset < b.offset;
    if (a.length != b.length) return a.length > b.length;
    return std::less<const Rule*>()(a.rule, b.rule);
  };
  const auto begin = out.begin() + static_cast<std::ptrdiff_t>(first);
  const std::size_t count = out.size() - first;
  thread_local std::vector<std::size_t> run_starts;
  run_starts.clear();
  for (std::size_t i = 1; i < count; ++i) {
    if (before(begin[static_cast<std::ptrdiff_t>(i)], begin[static_cast<std::ptrdiff_t>(i - 1)])) {
      run_starts.push_back(i);
    }
  }
  if (run_starts.empty()) {
    return;
  }
  thread_local std::vector<std::uint32_t> order;
  thread_local std::vector<Finding> sorted;
  order.resize(count);
  std::iota(order.begin(), order.end(), std::uint32_t{0});
  const auto by_finding = [&](std::uint32_t a, std::uint32_t b) {
    return before(begin[a], begin[b]);
  };
  constexpr std::size_t k_max_merged_runs = 8;  // beyond this, merging run by run costs more
  if (run_starts.size() > k_max_merged_runs) {
    std::stable_sort(order.begin(), order.end(), by_finding);
  } else {
    for (std::size_t r = 0; r < run_starts.size(); ++r) {
      const std::size_t run_end = r + 1 < run_starts.size() ? run_starts[r + 1] : count;
      std::inplace_merge(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(run_starts[r]),
                         order.begin() + static_cast<std::ptrdiff_t>(run_end), by_finding);
    }
  }
  sorted.clear();
  for (const std::uint32_t index : order) {
    sorted.push_back(std::move(begin[index]));
  }
  std::move(sorted.begin(), sorted.end(), begin);
  sorted.clear();
}

// A value inside a longer value of another rule is part of it, not a finding of its own: the
// digits of an IBAN's BBAN are not a card number. Only a finding at least as confident as the
// inner one swallows it. Two rules on the very same span (a KVNR that also passes as a passport
// number) keep only the more confident finding, the first rule on a tie. `out[first..]` is
// sorted by offset, longer first; one sweep keeps the finding reaching furthest so far.
void drop_contained(std::vector<Finding>& out, std::size_t first) {
  const auto end_of = [](const Finding& f) { return f.offset + f.length; };
  std::size_t kept = first;
  std::size_t cover = out.size();  // index (among kept) of the finding reaching furthest
  for (std::size_t i = first; i < out.size(); ++i) {
    if (kept > first && out[kept - 1].offset == out[i].offset &&
        out[kept - 1].length == out[i].length) {
      if (out[i].confidence > out[kept - 1].confidence) {
        out[kept - 1] = std::move(out[i]);
      }
      continue;
    }
    if (cover != out.size()) {
      const Finding& outer = out[cover];
      if (end_of(out[i]) <= end_of(outer) && outer.length > out[i].length &&
          outer.confidence >= out[i].confidence) {
        continue;
      }
    }
    const bool reaches_further = cover == out.size() || end_of(out[i]) > end_of(out[cover]);
    if (kept != i) {
      out[kept] = std::move(out[i]);  // never self-move: it would empty the strings
    }
    if (reaches_further) {
      cover = kept;
    }
    ++kept;
  }
  out.resize(kept);
}

}  // namespace

// Checks one candidate: the validator first (every built-in validator is a few dozen
// instructions, a context search a few hundred), then context, then builds the finding.
void Engine::consider(std::size_t rule_index, const Chunk& chunk, std::size_t value_begin,
                      std::string_view value, ColumnCursor& columns,
                      std::vector<Finding>& out) const {
  const Rule& rule = m_compiled->rules[rule_index];
  // Context can only raise confidence; for a rule already at `high` without required context
  // (IBAN, e-mail, card numbers: the most frequent findings) it cannot change the outcome.
  const ContextWords& words = m_compiled->context_words[rule_index];
  const auto look_for_context = [&] {
    const bool can_matter = rule.context_required || rule.confidence != Confidence::high;
    return can_matter && !words.empty() &&
           context_near(chunk, value_begin, value.size(), words, columns);
  };
  bool validated = false;
  if (rule.validator != nullptr) {
    const ValidationResult result = rule.validator->fn(value);
    if (result.verdict == Verdict::invalid) {
      return;
    }
    validated = result.verdict == Verdict::valid;
  }
  const bool has_context = look_for_context();
  if (rule.context_required && !has_context) {
    return;
  }
  // Built in place: a finding is three strings, and moving one in cost more than filling it.
  Finding& finding = out.emplace_back();
  finding.rule = &rule;
  finding.offset = chunk.base_offset + value_begin;
  finding.length = static_cast<std::uint32_t>(value.size());
  finding.validated = validated;
  finding.confidence = has_context ? raised(rule.confidence) : rule.confidence;
  finding.excerpt = mask_value(value);
  if (m_options.keep_values) {
    finding.value = std::string(value);
  }
  finding.fingerprint = fingerprint(value, m_compiled->fingerprint_salt);
}

void Engine::scan(const Chunk& chunk, std::vector<Finding>& out) const {
  const Regexes& shared = m_compiled->shared;
  if ((shared.located->empty() && shared.gated.empty()) ||
      chunk.accept_begin >= chunk.accept_end) {
    return;
  }
  const std::size_t first_new = out.size();
  const Regexes& regexes = m_compiled->for_this_thread();
  const std::vector<Rule>& rules = m_compiled->rules;
  ColumnCursor columns(chunk);
  regexes.located->for_each_match(
      chunk.text, chunk.accept_end, [&](std::size_t k, const re2::StringPiece* groups) {
        const std::size_t index = regexes.located_rules[k];
        const re2::StringPiece value = groups[rules[index].group];
        if (value.data() != nullptr && groups[0].data() >= chunk.text.data() + chunk.accept_begin) {
          consider(index, chunk, static_cast<std::size_t>(value.data() - chunk.text.data()),
                   std::string_view(value.data(), value.size()), columns, out);
        }
      });
  for (std::size_t index : regexes.gated) {
    for_each_gated_match(*regexes.by_rule[index], rules[index], m_compiled->longest_match[index],
                         chunk, [&](std::size_t value_begin, std::string_view value) {
                           consider(index, chunk, value_begin, value, columns, out);
                         });
  }
  sort_findings(out, first_new);
  drop_contained(out, first_new);
}

}  // namespace piiscan
