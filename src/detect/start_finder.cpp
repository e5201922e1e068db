#include "detect/start_finder.hpp"

#include "detect/nfa.hpp"
#include "detect/regex_tree.hpp"
#include "util/spin_lock.hpp"
#include "util/table_column.hpp"
#include "rules/regex_bounds.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace piiscan {

namespace {

using regex_tree::Assertion;
using regex_tree::ByteSet;
using regex_tree::Node;
using regex_tree::Side;
using regex_tree::side_edge;
using regex_tree::side_of;

using nfa::Fragment;
using nfa::Op;

}  // namespace

// The patterns compiled together, each reversed, into one NFA: its start leads into every
// reversed pattern, whose end is a `match` instruction naming the pattern.
struct StartFinder::Program : nfa::Builder {
  std::vector<std::uint32_t> pattern_starts;  // each reversed pattern's first instruction
  std::uint32_t start = 0;
  std::array<std::uint8_t, 256> byte_class{};
  std::vector<unsigned char> class_byte;  // one byte of each class
  std::size_t stride = 0;                 // classes per DFA state row

  bool too_large() const { return insts.size() > k_max_instructions; }

  // The NFA of the reversed node.
  std::optional<Fragment> reversed(const Node& node) {
    if (too_large()) {
      return std::nullopt;
    }
    switch (node.kind) {
      case Node::Kind::empty: return single({Op::nop, {}, 0, 0, 0});
      case Node::Kind::bytes: return single({Op::bytes, {}, set_index(node.set), 0, 0});
      case Node::Kind::assertion: return single({Op::assertion, node.assertion, 0, 0, 0});
      // Concatenations are laid out last part first; an alternation's order does not matter
      // to a set of states.
      case Node::Kind::concat:
        return reversed_kids(node, [this](Fragment done, Fragment part) {
          return then(std::move(done), std::move(part));
        });
      case Node::Kind::alternate:
        return reversed_kids(node, [this](Fragment done, Fragment part) {
          return either(std::move(part), std::move(done));
        });
      case Node::Kind::repeat: return reversed_repeat(node);
    }
    return std::nullopt;
  }

  // The node's parts reversed, from the last to the first, each joined to those before by
  // `join(done, part)`; no parts: an empty match.
  template <typename Join>
  std::optional<Fragment> reversed_kids(const Node& node, Join join) {
    std::optional<Fragment> done;
    for (auto kid = node.kids.rbegin(); kid != node.kids.rend(); ++kid) {
      auto part = reversed(*kid);
      if (!part) {
        return std::nullopt;
      }
      done = done ? join(std::move(*done), std::move(*part)) : std::move(*part);
    }
    return done ? done : single({Op::nop, {}, 0, 0, 0});
  }

  // x{min,max} reversed is (reversed x){min,max}: `min` copies, then a loop or the optional
  // copies up to `max`.
  std::optional<Fragment> reversed_repeat(const Node& node) {
    std::optional<Fragment> out = single({Op::nop, {}, 0, 0, 0});
    const int copies = node.max < 0 ? node.min : node.max;
    for (int i = 0; i < copies; ++i) {
      auto copy = reversed(node.kids.front());
      if (!copy) {
        return std::nullopt;
      }
      Fragment part = i < node.min ? std::move(*copy) : optional(std::move(*copy), true);
      out = then(std::move(*out), std::move(part));
    }
    if (node.max < 0) {
      auto loop = reversed(node.kids.front());
      if (!loop) {
        return std::nullopt;
      }
      out = then(std::move(*out), star(std::move(*loop), true));
    }
    return out;
  }

  // Sorts the bytes into classes that every set, word-ness and the line feed treat alike.
  void make_classes() {
    stride = regex_tree::byte_classes(sets, byte_class);
    class_byte.assign(stride, 0);
    for (unsigned b = 256; b-- > 0;) {
      class_byte[byte_class[b]] = static_cast<unsigned char>(b);
    }
  }
};

namespace {

constexpr std::uint32_t k_no_starts = 0xFFFFFFFF;
constexpr std::uint32_t k_unknown_starts = 0xFFFFFFFE;  // a state's starts at the edge, not built

// DFA table entries below zero: a transition not built yet, or one into a state with starts.
constexpr std::int32_t k_unknown = -1;
constexpr std::int32_t starting(std::int32_t row) { return -2 - row; }
constexpr std::size_t k_gave_up = ~std::size_t{0};
// What building an entry returns when the find moved to new generations too often.
constexpr std::int32_t k_gave_up_entry = std::numeric_limits<std::int32_t>::min();

// The row of a plain entry (one at or above zero). Through uint32_t, as the loaded 32 bits are
// then used as they are: a sign extension (movslq) would sit between each table load and the
// next, one cycle in every step's chain of six.
constexpr std::size_t row_of(std::int32_t plain) {
  return static_cast<std::size_t>(static_cast<std::uint32_t>(plain));
}

// A table entry, which another thread may be storing meanwhile: an atomic load, on x86 the
// plain load it was. Acquire, as a new state's row is filled before the entry leading to it is
// stored (release).
inline std::int32_t entry_at(const std::int32_t* column, std::size_t row) {
  return __atomic_load_n(column + row, __ATOMIC_ACQUIRE);
}

// The table's column for a byte's class (see table_column).
inline const std::int32_t* column(const std::int32_t* table, const std::uint8_t* byte_class,
                                  unsigned char byte) {
  return table_column(table, byte_class[byte]);
}

// The scan's fast loop: steps back from `at` towards `begin` while the transitions are built
// and lead to states without starts; returns where it stopped, with `row` the state there.
// Four bytes per round, so the loop's own test runs once per four steps. Inlined by force: GCC
// stopped inlining it when the finder's states became shared, and the call cost 2 % at -j1.
[[gnu::always_inline]] inline const unsigned char* step_back_while_plain(
    const std::int32_t* table, const std::uint8_t* byte_class, std::size_t& row,
    const unsigned char* at, const unsigned char* begin) {
  std::size_t here = row;
  while (at - begin >= 4) {
    const std::int32_t first = entry_at(column(table, byte_class, at[-1]), here);
    if (first < 0) {
      break;
    }
    const std::int32_t second = entry_at(column(table, byte_class, at[-2]), row_of(first));
    if (second < 0) {
      here = row_of(first);
      at -= 1;
      break;
    }
    const std::int32_t third = entry_at(column(table, byte_class, at[-3]), row_of(second));
    if (third < 0) {
      here = row_of(second);
      at -= 2;
      break;
    }
    const std::int32_t fourth = entry_at(column(table, byte_class, at[-4]), row_of(third));
    if (fourth < 0) {
      here = row_of(third);
      at -= 3;
      break;
    }
    here = row_of(fourth);
    at -= 4;
  }
  for (; at != begin; --at) {
    const std::int32_t next = entry_at(column(table, byte_class, at[-1]), here);
    if (next < 0) {
      break;
    }
    here = row_of(next);
  }
  row = here;
  return at;
}

using Chain = StartFinder::Chain;

// Chains stepped back together while all stay on plain transitions. Each step's table load
// waits for the previous one, so one chain leaves the core idle most of a step; independent
// chains fill that time (the scan is bound by that latency, not by instructions).
template <std::size_t K>
void step_together_while_plain(const std::int32_t* table, const std::uint8_t* byte_class,
                               std::array<Chain, K>& chains) {
  std::array<std::size_t, K> rows{};
  // The chains' positions as locals: an atomic load may see the chains' memory changed, so
  // read through `chains`, each step loaded every position again.
  std::array<const unsigned char*, K> ats{};
  auto steps = static_cast<std::size_t>(chains[0].at - chains[0].end);
  for (std::size_t k = 0; k < K; ++k) {
    rows[k] = chains[k].row;
    ats[k] = chains[k].at;
    steps = std::min(steps, static_cast<std::size_t>(chains[k].at - chains[k].end));
  }
  // All chains move in step, so one count serves them all: chain k's next byte is
  // ats[k][-1 - done].
  // The loops over the chains are unrolled so that their rows stay in registers: GCC left the
  // loop for more than two chains rolled, and the rows went through the stack, a store and a
  // load more in every step's chain.
  std::size_t done = 0;
  for (; done < steps; ++done) {
    std::array<std::int32_t, K> next{};
    std::int32_t any = 0;
#pragma GCC unroll 8
    for (std::size_t k = 0; k < K; ++k) {
      const unsigned char byte = ats[k][-1 - static_cast<std::ptrdiff_t>(done)];
      next[k] = entry_at(column(table, byte_class, byte), rows[k]);
      any |= next[k];
    }
    if (any < 0) {
      break;
    }
#pragma GCC unroll 8
    for (std::size_t k = 0; k < K; ++k) {
      rows[k] = row_of(next[k]);
    }
  }
  for (std::size_t k = 0; k < K; ++k) {
    chains[k].row = rows[k];
    chains[k].at -= done;
  }
}

}  // namespace

// The lists of patterns starting together (few), shared by every generation of states, so a
// start found before a find moved to a new generation still names its list. Added under the
// lock; read without it, by an id that came through an acquire (a table entry, a state's
// starts), from chunks that never move.
struct StartFinder::Lists {
  using List = std::vector<std::uint32_t>;
  static constexpr std::size_t k_chunk = 1024;
  static constexpr std::size_t k_max_chunks = 256;  // past 262,144 lists the finder gives up

  std::mutex mutex;
  std::map<List, std::uint32_t> ids;  // its keys are the lists: a map's nodes never move
  std::unique_ptr<std::unique_ptr<const List*[]>[]> chunks =
      std::make_unique<std::unique_ptr<const List*[]>[]>(k_max_chunks);
  std::atomic<std::uint32_t> count{0};
  // A list could not be kept: states built since may lack starts, so no find may answer.
  std::atomic<bool> exhausted{false};

  std::uint32_t id_of(const List& patterns) {
    if (patterns.empty()) {
      return k_no_starts;
    }
    const std::lock_guard lock(mutex);
    if (const auto known = ids.find(patterns); known != ids.end()) {
      return known->second;
    }
    const std::uint32_t id = count.load(std::memory_order_relaxed);
    if (id == k_chunk * k_max_chunks) {
      exhausted.store(true);
      return k_no_starts;
    }
    std::unique_ptr<const List*[]>& chunk = chunks[id / k_chunk];
    if (!chunk) {
      chunk = std::make_unique<const List*[]>(k_chunk);
    }
    chunk[id % k_chunk] = &ids.emplace(patterns, id).first->first;
    count.store(id + 1, std::memory_order_release);
    return id;
  }

  const List& operator[](std::uint32_t id) const { return *chunks[id / k_chunk][id % k_chunk]; }
};

// A generation of the DFA's states, built as the texts need them. A state is the set of NFA
// instructions the reversed patterns have reached at a position (before the assertions there
// are resolved), what is known of the byte to its right, and which patterns start at the
// position just passed. Threads read the table, the states' starts and the entry states
// without the lock; everything else is built and read under it.
struct StartFinder::Cache {
  // The closure of a state's kernel with one kind of byte to the left, kept: every byte class
  // of that kind takes the same one.
  struct Closure {
    bool built = false;
    std::vector<std::uint32_t> byte_insts;
    std::uint32_t starts = k_no_starts;
  };

  struct State {
    std::vector<std::uint32_t> kernel;  // sorted
    Side right = side_edge;
    std::uint32_t starts = k_no_starts;  // a list id (Lists)
    std::uint64_t hash = 0;              // of kernel, right and starts: where `slots` has it
    std::array<Closure, 4> closures;     // by the Side of the byte to the left
  };

  // Rows the table has room for: past k_max_states no transition adds a state, but the entry
  // states (four) and a state moved in with its transition (two) may still come.
  static constexpr std::size_t k_capacity = k_max_states + 8;

  const Program& program;
  Lists& lists;
  const std::size_t max_bytes;
  SpinLock build_lock;  // held to build; guards all below but the published arrays

  // Published: written before the entry that leads to them is stored.
  // Per state, per byte class: the next state's row (its index times the stride), or, to
  // leave the scan's fast loop, k_unknown (not built yet) or starting(row) (it has starts).
  // Allocated whole, never moved: rows are filled as their states come.
  std::unique_ptr<std::int32_t[]> table =
      std::make_unique_for_overwrite<std::int32_t[]>(k_capacity * program.stride);
  std::unique_ptr<std::uint32_t[]> starts_of =
      std::make_unique_for_overwrite<std::uint32_t[]>(k_capacity);  // per state
  // Per state: the patterns starting at the text's first byte, k_unknown_starts until built.
  std::unique_ptr<std::atomic<std::uint32_t>[]> edge_starts =
      std::make_unique<std::atomic<std::uint32_t>[]>(k_capacity);
  // The state a pass starts in, by the side of the byte after its start (k_no_starts: not
  // built), kept rather than looked up by its kernel for every text.
  std::array<std::atomic<std::uint32_t>, 4> entry_states{k_no_starts, k_no_starts, k_no_starts,
                                                         k_no_starts};

  std::size_t bytes = 0;  // what the states hold: kernels, slots, table rows, closures
  std::vector<State> states;
  // The states by their hash, open addressing (k_empty_slot: none): found without building a
  // key. A map from the kernel's bytes as a string built, hashed and copied that key for every
  // transition, a fifth of the time spent building states.
  std::vector<std::uint32_t> slots = std::vector<std::uint32_t>(1024, k_empty_slot);
  static constexpr std::uint32_t k_empty_slot = 0xFFFFFFFF;

  // Scratch space of `closure` and `transition`.
  nfa::Visits visits;
  std::vector<std::uint32_t> stack;
  std::vector<std::uint32_t> byte_insts;
  std::vector<std::uint32_t> matched;
  std::vector<std::uint32_t> next;
  std::vector<std::uint64_t> bits;

  Cache(const Program& p, Lists& l, std::size_t budget)
      : program(p), lists(l), max_bytes(budget), visits(p.insts.size()) {}

  // Whether a transition may add no state: then the find moves to a new generation.
  bool full() const { return states.size() >= k_max_states || bytes > max_bytes; }

  // Follows the empty moves from `kernel` at a position with these two sides: fills
  // `byte_insts` with the byte instructions reached and `matched` with the patterns whose
  // reversed match is complete (they start here), sorted.
  void closure(const std::vector<std::uint32_t>& kernel, Side left, Side right) {
    byte_insts.clear();
    matched.clear();
    nfa::follow_empty_moves(
        program.insts, kernel, left, right, visits, stack,
        [this](std::uint32_t at) { byte_insts.push_back(at); },
        [this](const nfa::Inst& match) {
          matched.push_back(match.arg);
          return false;  // every pattern completing here starts here
        });
    std::sort(matched.begin(), matched.end());
    matched.erase(std::unique(matched.begin(), matched.end()), matched.end());
  }

  static std::uint64_t hash_of(const std::vector<std::uint32_t>& kernel, Side right,
                               std::uint32_t starts) {
    constexpr std::uint64_t k_odd = 0x9E3779B97F4A7C15;
    std::uint64_t hash = (std::uint64_t{starts} << 8 | static_cast<std::uint64_t>(right)) * k_odd;
    for (const std::uint32_t at : kernel) {
      hash = (hash ^ at) * k_odd;
    }
    return hash ^ (hash >> 29);
  }

  // The state of this kernel, sides and starts, added when new. The kernel is copied only
  // then: most transitions lead to a state that exists.
  std::uint32_t state_id(const std::vector<std::uint32_t>& kernel, Side right,
                         std::uint32_t starts) {
    const std::uint64_t hash = hash_of(kernel, right, starts);
    const std::size_t mask = slots.size() - 1;
    std::size_t slot = hash & mask;
    for (; slots[slot] != k_empty_slot; slot = (slot + 1) & mask) {
      const State& known = states[slots[slot]];
      if (known.hash == hash && known.right == right && known.starts == starts &&
          known.kernel == kernel) {
        return slots[slot];
      }
    }
    const auto id = static_cast<std::uint32_t>(states.size());
    bytes += kernel.size() * sizeof(std::uint32_t) + program.stride * sizeof(std::int32_t) +
             sizeof(State) + 2 * sizeof(std::uint32_t);
    states.push_back({kernel, right, starts, hash, {}});
    slots[slot] = id;
    std::fill_n(&table[id * program.stride], program.stride, k_unknown);
    starts_of[id] = starts;
    edge_starts[id].store(k_unknown_starts, std::memory_order_relaxed);
    if (2 * states.size() > slots.size()) {
      rehash(2 * slots.size());
    }
    return id;
  }

  void rehash(std::size_t size) {
    slots.assign(size, k_empty_slot);
    for (std::uint32_t id = 0; id < states.size(); ++id) {
      std::size_t slot = states[id].hash & (size - 1);
      while (slots[slot] != k_empty_slot) {
        slot = (slot + 1) & (size - 1);
      }
      slots[slot] = id;
    }
  }

  // Sorts instruction numbers through a bitmap over all instructions: linear, where std::sort
  // of the kernels was a third of the time spent building states.
  void sort_by_bits(std::vector<std::uint32_t>& numbers) {
    bits.assign((program.insts.size() + 63) / 64, 0);
    for (const std::uint32_t n : numbers) {
      bits[n / 64] |= std::uint64_t{1} << (n % 64);
    }
    numbers.clear();
    for (std::size_t word = 0; word < bits.size(); ++word) {
      for (std::uint64_t rest = bits[word]; rest != 0; rest &= rest - 1) {
        numbers.push_back(static_cast<std::uint32_t>(word * 64 + std::countr_zero(rest)));
      }
    }
  }

  const Closure& closure_of(State& state, Side left) {
    Closure& closed = state.closures[left];
    if (!closed.built) {
      closure(state.kernel, left, state.right);
      closed.byte_insts = byte_insts;
      bytes += byte_insts.size() * sizeof(std::uint32_t);
      closed.starts = lists.id_of(matched);
      closed.built = true;
    }
    return closed;
  }

  // Builds, under the lock, the table entry for leaving `from` over a byte of class `cls` (to
  // its left): the closure at the position between them, then the step over the byte.
  std::int32_t transition(std::uint32_t from, std::size_t cls) {
    const unsigned char byte = program.class_byte[cls];
    const Side left = side_of(byte);
    const Closure& closed = closure_of(states[from], left);
    const std::uint32_t starts = closed.starts;
    const std::uint32_t walk = visits.fresh();
    next.clear();
    bool in_order = true;  // as often (four in ten): the closure's order is the kernel's
    const auto add = [&](std::uint32_t at) {
      in_order = in_order && (next.empty() || next.back() < at);
      next.push_back(at);
    };
    for (const std::uint32_t at : closed.byte_insts) {
      const nfa::Inst& inst = program.insts[at];
      if (program.sets[inst.arg].test(byte) && visits.first(inst.out, walk)) {
        add(inst.out);
      }
    }
    if (visits.first(program.start, walk)) {
      add(program.start);  // a match may end at every position
    }
    if (!in_order) {
      sort_by_bits(next);
    }
    const std::uint32_t to = state_id(next, left, starts);
    const auto row = static_cast<std::int32_t>(to * program.stride);
    const std::int32_t entry = starts != k_no_starts ? starting(row) : row;
    __atomic_store_n(&table[from * program.stride + cls], entry, __ATOMIC_RELEASE);
    return entry;
  }

  // The row of the state a pass begins in, by what is right of its start.
  std::size_t entry_row(Side right) {
    std::uint32_t state = entry_states[right].load(std::memory_order_acquire);
    if (state == k_no_starts) {
      const std::lock_guard lock(build_lock);
      state = entry_states[right].load(std::memory_order_relaxed);
      if (state == k_no_starts) {
        state = state_id({program.start}, right, k_no_starts);
        entry_states[right].store(state, std::memory_order_release);
      }
    }
    return state * program.stride;
  }

  // The patterns starting at position 0, where the left side is the text's edge.
  std::uint32_t starts_at_edge(std::uint32_t state) {
    std::uint32_t starts = edge_starts[state].load(std::memory_order_acquire);
    if (starts == k_unknown_starts) {
      const std::lock_guard lock(build_lock);
      starts = closure_of(states[state], side_edge).starts;
      edge_starts[state].store(starts, std::memory_order_release);
    }
    return starts;
  }
};

// One find's way through the states of the reader's generation; when that generation is full,
// it moves to a new one and goes on from the same state there.
struct StartFinder::Walk {
  const StartFinder& finder;
  Reader& reader;
  const Program& program;
  Cache* cache = nullptr;              // the reader's generation
  const std::int32_t* table = nullptr;  // its table

  Walk(const StartFinder& f, Reader& r) : finder(f), reader(r), program(*f.m_program) {
    follow();
  }

  void follow() {
    cache = reader.m_cache.get();
    table = cache->table.get();
  }

  // The entry for leaving the state of `row` over class `cls`, built if no thread has yet.
  // Where the generation is full, the state is found again in a new one, `row` becomes its
  // row there, and so does the entry; k_gave_up_entry once the find moved too often.
  std::int32_t build(std::size_t& row, std::size_t cls) {
    std::unique_lock lock(cache->build_lock);
    const std::int32_t entry = __atomic_load_n(&table[row + cls], __ATOMIC_RELAXED);
    if (entry != k_unknown) {
      return entry;  // another thread built it meanwhile
    }
    const auto from = static_cast<std::uint32_t>(row / program.stride);
    if (!cache->full()) {
      return cache->transition(from, cls);
    }
    const Cache::State& state = cache->states[from];
    const std::vector<std::uint32_t> kernel = state.kernel;
    const Side right = state.right;
    const std::uint32_t starts = state.starts;
    const Cache* full = cache;
    lock.unlock();
    while (++reader.m_moves <= k_max_moves) {
      finder.update(reader, full);
      follow();
      const std::lock_guard relock(cache->build_lock);
      if (cache->full()) {
        full = cache;  // another thread filled the new one meanwhile
        continue;
      }
      const std::uint32_t moved = cache->state_id(kernel, right, starts);
      row = moved * program.stride;
      const std::int32_t known = __atomic_load_n(&table[row + cls], __ATOMIC_RELAXED);
      return known != k_unknown ? known : cache->transition(moved, cls);
    }
    return k_gave_up_entry;
  }

  // The slow path of the scan's loop, over a byte of class `cls` left of `pos`: builds the
  // transition if needed and records the starts at `pos`. Returns the next row, or
  // k_gave_up when the states thrash.
  std::size_t leave(std::size_t row, std::size_t cls, std::size_t pos, std::vector<Start>& out) {
    std::int32_t entry = entry_at(table + cls, row);
    if (entry == k_unknown) {
      entry = build(row, cls);
      if (entry == k_gave_up_entry) {
        return k_gave_up;
      }
    }
    if (entry >= 0) {
      return row_of(entry);
    }
    const std::size_t to = row_of(starting(entry));  // starting() is its inverse
    out.push_back({static_cast<std::uint32_t>(pos), cache->starts_of[to / program.stride]});
    return to;
  }

  // The row of the state a pass starting at `at` (the text ending at `text_end`) begins in.
  std::size_t row_before(const unsigned char* at, const unsigned char* text_end) {
    return cache->entry_row(at == text_end ? side_edge : side_of(*at));
  }

  // One step of `chain` over its next byte, through the slow path when needed; starts go to
  // `out`, positions counted from `begin`. False when the states thrash.
  bool step(Chain& chain, const unsigned char* begin, std::vector<Start>& out) {
    --chain.at;
    const std::size_t cls = program.byte_class[*chain.at];
    const std::int32_t entry = entry_at(table + cls, chain.row);
    if (entry >= 0) {
      chain.row = row_of(entry);
      return true;
    }
    chain.row = leave(chain.row, cls, static_cast<std::size_t>(chain.at - begin) + 1, out);
    return chain.row != k_gave_up;
  }

  // Runs `chain` to its end. False when the states thrash.
  bool run(Chain& chain, const unsigned char* begin, std::vector<Start>& out) {
    while (true) {
      chain.at = step_back_while_plain(table, program.byte_class.data(), chain.row, chain.at,
                                       chain.end);
      if (chain.at == chain.end) {
        return true;
      }
      if (!step(chain, begin, out)) {
        return false;
      }
    }
  }

  // Runs the chains together until one ends, then each to its end. False when the states
  // thrash, or when the find moved to a new generation while another chain was still running
  // (its row belongs to the old one).
  // Aligned to a cache line: the scan's hottest loop is in it, and where unrelated changes
  // left it relative to 64-byte boundaries moved -j2 scans by 1.5 % (paired rounds).
  template <std::size_t K>
  [[gnu::aligned(64)]] bool run_together(std::array<Chain, K>& chains,
                                         const unsigned char* begin,
                                         std::array<std::vector<Start>, K>& outs) {
    const int moves_before = reader.m_moves;
    const auto all_running = [&] {
      return std::none_of(chains.begin(), chains.end(),
                          [](const Chain& chain) { return chain.at == chain.end; });
    };
    while (all_running()) {
      step_together_while_plain(table, program.byte_class.data(), chains);
      for (std::size_t k = 0; k < K; ++k) {
        if (chains[k].at != chains[k].end &&
            (!step(chains[k], begin, outs[k]) || reader.m_moves != moves_before)) {
          return false;
        }
      }
    }
    // Also after the last pass: a move there would leave the first pass's row, which find()
    // reads for the starts at position 0, naming a state of the old generation.
    for (std::size_t k = 0; k < K; ++k) {
      if (!run(chains[k], begin, outs[k]) || reader.m_moves != moves_before) {
        return false;
      }
    }
    return true;
  }
};

StartFinder::Reader::Reader() = default;
StartFinder::Reader::~Reader() = default;

StartFinder::StartFinder(std::size_t max_cache_bytes)
    : m_program(std::make_unique<Program>()),
      m_lists(std::make_unique<Lists>()),
      m_max_cache_bytes(max_cache_bytes) {}
StartFinder::~StartFinder() = default;

bool StartFinder::models(std::string_view pattern) {
  return regex_tree::parse(pattern).has_value();
}

bool StartFinder::add(std::string_view pattern) {
  if (m_failed) {
    return false;
  }
  auto node = regex_tree::parse(pattern);
  std::optional<Fragment> fragment;
  if (node) {
    fragment = m_program->reversed(*node);
  }
  if (!fragment || m_program->too_large()) {
    m_failed = true;
    return false;
  }
  m_longest = std::max(m_longest, max_match_length(pattern).value_or(k_max_split_overlap));
  const auto pattern_index = static_cast<std::uint32_t>(m_program->pattern_starts.size());
  m_program->patch(*fragment, m_program->emit({Op::match, {}, pattern_index, 0, 0}));
  m_program->pattern_starts.push_back(fragment->first);
  return true;
}

bool StartFinder::compile() {
  if (m_failed || m_program->pattern_starts.empty()) {
    return false;
  }
  Program& program = *m_program;
  std::uint32_t entry = program.pattern_starts.back();
  for (std::size_t k = program.pattern_starts.size() - 1; k-- > 0;) {
    entry = program.emit({Op::split, {}, 0, program.pattern_starts[k], entry});
  }
  program.start = entry;
  program.make_classes();
  m_cache = std::make_shared<Cache>(program, *m_lists, m_max_cache_bytes);
  m_generation.store(1);
  return true;
}

void StartFinder::update(Reader& reader, const Cache* full) const {
  const std::shared_ptr<Cache> left = std::move(reader.m_cache);  // freed, if last, unlocked
  const std::lock_guard lock(m_cache_mutex);
  if (full != nullptr && m_cache.get() == full) {
    m_cache = std::make_shared<Cache>(*m_program, *m_lists, m_max_cache_bytes);
    m_generation.fetch_add(1, std::memory_order_release);
  }
  reader.m_cache = m_cache;
  reader.m_generation = m_generation.load(std::memory_order_relaxed);
}

// Fills `out` with the starts at positions 1 to the text's size, descending; `last` ends as the
// pass that reached position 0. A long enough text is scanned in k_passes parts at once (see
// step_together_while_plain): each part's pass begins a longest match's length into the next
// part, so every match starting in a part ends where that part's pass has been.
bool StartFinder::scan(Walk& walk, const unsigned char* begin, const unsigned char* end,
                       std::vector<Start>& out, Chain& last) const {
  const auto size = static_cast<std::size_t>(end - begin);
  const std::size_t overlap = m_longest + 1;
  if (m_longest < k_max_split_overlap && size >= k_min_split && size >= 2 * overlap) {
    // Pass k covers the positions (cut[k], cut[k + 1]] and begins `overlap` beyond them.
    std::array<std::size_t, k_passes + 1> cut{};
    std::array<Chain, k_passes> passes;
    for (std::size_t k = 0; k < k_passes; ++k) {
      cut[k + 1] = k + 1 == k_passes ? size : (size - overlap) * (k + 1) / k_passes;
    }
    for (std::size_t k = 0; k < k_passes; ++k) {
      const unsigned char* from = begin + std::min(size, cut[k + 1] + overlap);
      passes[k] = {from, begin + cut[k], walk.row_before(from, end)};
    }
    thread_local std::array<std::vector<Start>, k_passes> found;
    for (auto& starts : found) {
      starts.clear();
    }
    if (walk.run_together(passes, begin, found)) {
      for (std::size_t k = k_passes; k-- > 0;) {
        for (const Start& start : found[k]) {
          if (start.at <= cut[k + 1]) {  // beyond it, the pass saw only some of the matches
            out.push_back(start);
          }
        }
      }
      last = passes[0];
      return true;
    }
    if (walk.reader.m_moves > k_max_moves) {
      return false;
    }
    out.clear();  // a move to a new generation stranded another pass: scan again as one
  }
  last = {end, begin, walk.row_before(end, end)};
  return walk.run(last, begin, out);
}

std::size_t StartFinder::cache_bytes() const {
  std::shared_ptr<Cache> cache;
  {
    const std::lock_guard lock(m_cache_mutex);
    cache = m_cache;
  }
  if (!cache) {
    return 0;
  }
  const std::lock_guard lock(cache->build_lock);
  return cache->bytes;
}

std::uint64_t StartFinder::generations() const { return m_generation.load(); }

bool StartFinder::find(std::string_view text, std::vector<Start>& out,
                       std::vector<std::uint32_t>& ids) const {
  Reader reader;
  return find(reader, text, out, ids);
}

bool StartFinder::find(Reader& reader, std::string_view text, std::vector<Start>& out,
                       std::vector<std::uint32_t>& ids) const {
  out.clear();
  ids.clear();
  if (m_generation.load(std::memory_order_acquire) == 0 ||
      text.size() >= std::numeric_limits<std::uint32_t>::max() ||
      m_lists->exhausted.load()) {
    return false;
  }
  if (!reader.m_cache || reader.m_generation != m_generation.load(std::memory_order_acquire)) {
    update(reader);
  }
  reader.m_moves = 0;
  Walk walk(*this, reader);
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  Chain last{};
  if (!scan(walk, begin, begin + text.size(), out, last)) {
    return false;
  }
  const std::uint32_t first =
      walk.cache->starts_at_edge(static_cast<std::uint32_t>(last.row / m_program->stride));
  if (first != k_no_starts) {
    out.push_back({0, first});
  }
  if (m_lists->exhausted.load()) {
    return false;  // a list could not be kept: some of the starts may be missing
  }
  std::reverse(out.begin(), out.end());
  // Copies each list used into `ids` once and points the starts at the copies.
  std::vector<std::uint32_t>& copied = reader.m_copied;
  copied.assign(m_lists->count.load(std::memory_order_acquire), k_no_starts);
  for (Start& start : out) {
    std::uint32_t& at = copied[start.which];
    if (at == k_no_starts) {
      at = static_cast<std::uint32_t>(ids.size());
      const std::vector<std::uint32_t>& list = (*m_lists)[start.which];
      ids.insert(ids.end(), list.begin(), list.end());
      ids.push_back(k_end);
    }
    start.which = at;
  }
  return true;
}

}  // namespace piiscan
