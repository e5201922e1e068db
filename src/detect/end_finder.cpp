#include "detect/end_finder.hpp"

#include <array>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "detect/nfa.hpp"
#include "detect/regex_tree.hpp"
#include "util/table_column.hpp"

namespace piiscan {

namespace {

using nfa::Fragment;
using nfa::Op;
using regex_tree::ByteSet;
using regex_tree::Node;

using regex_tree::Side;
using regex_tree::side_edge;
using regex_tree::side_of;
using regex_tree::side_other;

// Whether the node can match the empty string.
bool nullable(const Node& node) {
  switch (node.kind) {
    case Node::Kind::empty:
    case Node::Kind::assertion: return true;
    case Node::Kind::bytes: return false;
    case Node::Kind::concat:
      for (const Node& kid : node.kids) {
        if (!nullable(kid)) return false;
      }
      return true;
    case Node::Kind::alternate:
      for (const Node& kid : node.kids) {
        if (nullable(kid)) return true;
      }
      return false;
    case Node::Kind::repeat: return node.min == 0 || nullable(node.kids.front());
  }
  return true;
}

// A repetition of something that can match empty: RE2 simplifies such loops in ways that
// change which of equal-length paths it prefers, so they are left to RE2.
bool has_empty_loop(const Node& node) {
  if (node.kind == Node::Kind::repeat && (node.max < 0 || node.max > 1) &&
      nullable(node.kids.front())) {
    return true;
  }
  for (const Node& kid : node.kids) {
    if (has_empty_loop(kid)) return true;
  }
  return false;
}

constexpr std::size_t k_max_instructions = 20000;
constexpr std::size_t k_dead_row = 0;  // the state without threads is the first

}  // namespace

// The forward NFA. A split's `out` is the preferred way: alternatives in order, a greedy
// repetition's next copy before its exit.
struct EndFinder::Program : nfa::Builder {
  std::uint32_t start = 0;
  std::array<std::uint8_t, 256> byte_class{};
  std::size_t classes = 0;

  std::optional<Fragment> build(const Node& node) {
    if (insts.size() > k_max_instructions) {
      return std::nullopt;
    }
    switch (node.kind) {
      case Node::Kind::empty: return single({Op::nop, {}, 0, 0, 0});
      case Node::Kind::bytes: return single({Op::bytes, {}, set_index(node.set), 0, 0});
      case Node::Kind::assertion: return single({Op::assertion, node.assertion, 0, 0, 0});
      case Node::Kind::concat: return concatenation(node.kids, 0);
      case Node::Kind::alternate: return alternation(node.kids, 0);
      case Node::Kind::repeat: return repetition(node);
    }
    return std::nullopt;
  }

  std::optional<Fragment> concatenation(const std::vector<Node>& kids, std::size_t from) {
    std::optional<Fragment> done = single({Op::nop, {}, 0, 0, 0});
    for (std::size_t i = from; i < kids.size() && done; ++i) {
      auto part = build(kids[i]);
      done = part ? std::optional(then(std::move(*done), std::move(*part))) : std::nullopt;
    }
    return done;
  }

  // kids[from] first, then the rest: a chain of splits.
  std::optional<Fragment> alternation(const std::vector<Node>& kids, std::size_t from) {
    auto first = build(kids[from]);
    if (!first || from + 1 == kids.size()) {
      return first;
    }
    auto rest = alternation(kids, from + 1);
    if (!rest) {
      return std::nullopt;
    }
    return either(std::move(*first), std::move(*rest));
  }

  // x{min,max} as RE2 expands it: `min` copies, then the optional ones nested (x(x(x)?)?)?,
  // or a loop for no upper bound.
  std::optional<Fragment> repetition(const Node& node) {
    const Node& kid = node.kids.front();
    std::optional<Fragment> out = single({Op::nop, {}, 0, 0, 0});
    for (int i = 0; i < node.min && out; ++i) {
      auto copy = build(kid);
      out = copy ? std::optional(then(std::move(*out), std::move(*copy))) : std::nullopt;
    }
    if (!out) {
      return std::nullopt;
    }
    if (node.max < 0) {
      auto body = build(kid);
      if (!body) {
        return std::nullopt;
      }
      return then(std::move(*out), star(std::move(*body), node.greedy));
    }
    std::optional<Fragment> tail;
    for (int i = node.min; i < node.max; ++i) {
      auto copy = build(kid);
      if (!copy) {
        return std::nullopt;
      }
      Fragment inner = tail ? then(std::move(*copy), std::move(*tail)) : std::move(*copy);
      tail = optional(std::move(inner), node.greedy);
    }
    return tail ? then(std::move(*out), std::move(*tail)) : out;
  }

  // Bytes from 0x80 get classes of their own, so that their entries can say "ask RE2".
  void make_classes() {
    std::vector<ByteSet> splits = sets;
    splits.push_back(ByteSet().set() << 128);
    classes = regex_tree::byte_classes(splits, byte_class);
    non_ascii_class.assign(classes, false);
    for (unsigned b = 0x80; b < 256; ++b) {
      non_ascii_class[byte_class[b]] = true;
    }
  }
  std::vector<bool> non_ascii_class;  // by class
};

// States: a kernel (the threads' next instructions, in priority order) and the side of the
// byte before. A row's entry per byte class: the next state's row offset in the table times
// two, plus one when a match ends before that byte; k_unknown until built. Row offsets, not
// state numbers, so a step needs no multiplication.
struct EndFinder::Cache {
  // Entries from 1 down leave the loop's fast path: into the state without threads (0 or 1,
  // so also with a match before the byte), not built yet, or a byte from 0x80.
  static constexpr std::int32_t k_unknown = -1;
  static constexpr std::int32_t k_non_ascii = -3;
  static constexpr std::int32_t k_dead = 0;  // the state without threads

  struct State {
    std::vector<std::uint32_t> kernel;
    Side left = side_edge;
    // Whether a match ends here when the reading stops, by the side after: -1 not known yet.
    std::array<std::int8_t, 4> matches_before{-1, -1, -1, -1};
  };

  const Program& program;
  std::vector<State> states;
  std::vector<std::int32_t> table;
  std::map<std::pair<Side, std::vector<std::uint32_t>>, std::int32_t> ids;
  nfa::Visits visits;               // the closures' scratch space
  std::vector<std::uint32_t> stack;
  std::array<std::int32_t, 4> starts{};  // the first state by the side before the start

  std::int32_t start_state(Side left) {
    if (starts[left] < 0) {
      starts[left] = intern({program.start}, left);
    }
    return starts[left];
  }

  explicit Cache(const Program& p) : program(p), visits(p.insts.size()) { clear(); }

  void clear() {
    states.clear();
    table.clear();
    ids.clear();
    starts.fill(-1);
    intern({}, side_other);  // k_dead
  }

  std::int32_t intern(std::vector<std::uint32_t> kernel, Side left) {
    auto key = std::make_pair(left, std::move(kernel));
    if (const auto found = ids.find(key); found != ids.end()) {
      return found->second;
    }
    const auto id = static_cast<std::int32_t>(states.size());
    states.push_back({key.second, left, {-1, -1, -1, -1}});
    const std::size_t row = table.size();
    table.resize(row + program.classes, k_unknown);
    for (std::size_t cls = 0; cls < program.classes; ++cls) {
      if (program.non_ascii_class[cls]) {
        table[row + cls] = k_non_ascii;
      }
    }
    ids.emplace(std::move(key), id);
    return id;
  }

  // Follows the kernel's empty moves at a position between `left` and `right`, in priority
  // order: the threads that read a byte next, in `out`; true when one reached the match (the
  // threads after it are cut, as a match of theirs would never be preferred).
  bool closure(const State& state, Side right, std::vector<std::uint32_t>& out) {
    out.clear();
    return nfa::follow_empty_moves(
        program.insts, state.kernel, state.left, right, visits, stack,
        [&out](std::uint32_t at) { out.push_back(at); },
        [](const nfa::Inst&) { return true; });
  }

  // Builds the entry of `id` for the byte `c`.
  std::int32_t build(std::int32_t id, unsigned char c) {
    std::vector<std::uint32_t> threads;
    const bool matched = closure(states[static_cast<std::size_t>(id)], side_of(c), threads);
    std::vector<std::uint32_t> next;
    for (const std::uint32_t at : threads) {
      const nfa::Inst& inst = program.insts[at];
      if (program.sets[inst.arg].test(c)) {
        next.push_back(inst.out);
      }
    }
    const auto to_row = static_cast<std::int32_t>(
        static_cast<std::size_t>(intern(std::move(next), side_of(c))) * program.classes);
    const std::int32_t entry = to_row * 2 + (matched ? 1 : 0);
    table[static_cast<std::size_t>(id) * program.classes + program.byte_class[c]] = entry;
    return entry;
  }

  bool matches_at_end(std::int32_t id, Side right) {
    State& state = states[static_cast<std::size_t>(id)];
    std::int8_t& known = state.matches_before[right];
    if (known < 0) {
      std::vector<std::uint32_t> threads;
      known = closure(state, right, threads) ? 1 : 0;
    }
    return known == 1;
  }
};

std::unique_ptr<EndFinder> EndFinder::make(std::string_view pattern) {
  const std::optional<Node> tree = regex_tree::parse(pattern);
  if (!tree || has_empty_loop(*tree)) {
    return nullptr;
  }
  auto program = std::make_unique<Program>();
  auto body = program->build(*tree);
  if (!body) {
    return nullptr;
  }
  const std::uint32_t match = program->emit({Op::match, {}, 0, 0, 0});
  program->patch(*body, match);
  program->start = body->first;
  program->make_classes();
  return std::unique_ptr<EndFinder>(new EndFinder(std::move(program)));
}

std::unique_ptr<EndFinder> EndFinder::twin() const {
  return std::unique_ptr<EndFinder>(new EndFinder(m_program));
}

EndFinder::EndFinder(std::shared_ptr<const Program> program)
    : m_program(std::move(program)), m_cache(std::make_unique<Cache>(*m_program)) {}

EndFinder::~EndFinder() = default;

EndFinder::Answer EndFinder::match_end(std::string_view text, std::size_t start,
                                       std::size_t longest, std::size_t& end) {
  if (m_cache->states.size() > k_max_states) {
    m_cache->clear();
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t classes = m_program->classes;
  const std::uint8_t* byte_class = m_program->byte_class.data();
  const Side left = start > 0 ? side_of(bytes[start - 1]) : side_edge;
  std::size_t row = static_cast<std::size_t>(m_cache->start_state(left)) * classes;
  const std::int32_t* table = m_cache->table.data();  // after start_state, which may grow it
  const std::size_t limit = longest < text.size() - start ? start + longest : text.size();
  std::size_t found = std::string_view::npos;
  std::size_t at = start;
  for (; at < limit; ++at) {
    std::int32_t entry = table_column(table, byte_class[bytes[at]])[row];
    if (entry <= 1) {  // the rare cases, one test for all of them
      if (entry == Cache::k_non_ascii) {
        return Answer::ask_re2;
      }
      if (entry == Cache::k_unknown) {
        entry = m_cache->build(static_cast<std::int32_t>(row / classes), bytes[at]);
        table = m_cache->table.data();  // it may have grown
      }
      if (entry <= 1) {  // no thread is left
        found = entry == 1 ? at : found;
        row = k_dead_row;
        break;
      }
    }
    found = (entry & 1) != 0 ? at : found;
    // Shifted as uint32_t (entry > 1 here): a sign extension would lengthen the loads' chain.
    row = static_cast<std::uint32_t>(entry) >> 1;
  }
  if (row != k_dead_row) {
    const Side right = at < text.size() ? side_of(bytes[at]) : side_edge;
    if (m_cache->matches_at_end(static_cast<std::int32_t>(row / classes), right)) {
      found = at;
    }
  }
  if (found == std::string_view::npos) {
    return Answer::no_match;
  }
  end = found;
  return Answer::matched;
}

}  // namespace piiscan
