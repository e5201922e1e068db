// A byte NFA built from regex_tree nodes, for the two automata that run the rules' regexes
// without RE2: the StartFinder (patterns reversed, start_finder.cpp) and the EndFinder (one
// pattern forward, end_finder.cpp). A split's `out` is its preferred way; only the EndFinder,
// which keeps RE2's leftmost-first choice, reads the preference.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "detect/regex_tree.hpp"

namespace piiscan::nfa {

using regex_tree::Assertion;
using regex_tree::ByteSet;
using regex_tree::Side;

enum class Op : std::uint8_t { bytes, split, assertion, match, nop };

struct Inst {
  Op op = Op::nop;
  Assertion assertion = Assertion::begin_text;
  std::uint32_t arg = 0;  // bytes: index in `sets`; match: the pattern
  std::uint32_t out = 0;
  std::uint32_t out1 = 0;  // split only
};

// A fragment under construction: its first instruction and its unset exits.
struct Fragment {
  std::uint32_t first = 0;
  std::vector<std::pair<std::uint32_t, bool>> exits;  // (instruction, its out1?)
};

// The instructions and byte sets, and the pieces fragments are built from.
struct Builder {
  std::vector<Inst> insts;
  std::vector<ByteSet> sets;

  std::uint32_t emit(Inst inst) {
    insts.push_back(inst);
    return static_cast<std::uint32_t>(insts.size() - 1);
  }

  Fragment single(Inst inst) {
    const std::uint32_t at = emit(inst);
    return {at, {{at, false}}};
  }

  void patch(const Fragment& fragment, std::uint32_t target) {
    for (const auto& [inst, second] : fragment.exits) {
      (second ? insts[inst].out1 : insts[inst].out) = target;
    }
  }

  Fragment then(Fragment first, Fragment second) {
    patch(first, second.first);
    first.exits = std::move(second.exits);
    return first;
  }

  // `preferred` or `other`.
  Fragment either(Fragment preferred, Fragment other) {
    Fragment out{emit({Op::split, {}, 0, preferred.first, other.first}),
                 std::move(preferred.exits)};
    out.exits.insert(out.exits.end(), other.exits.begin(), other.exits.end());
    return out;
  }

  // `a` or nothing; `prefer_a` says which is tried first.
  Fragment optional(Fragment a, bool prefer_a) {
    const std::uint32_t split = emit({Op::split, {}, 0, 0, 0});
    (prefer_a ? insts[split].out : insts[split].out1) = a.first;
    a.exits.emplace_back(split, prefer_a);
    a.first = split;
    return a;
  }

  // `body` repeated any number of times; `prefer_more` tries another copy before leaving.
  Fragment star(Fragment body, bool prefer_more) {
    const std::uint32_t split = emit({Op::split, {}, 0, 0, 0});
    (prefer_more ? insts[split].out : insts[split].out1) = body.first;
    patch(body, split);
    return {split, {{split, prefer_more}}};
  }

  std::uint32_t set_index(const ByteSet& set) {
    const auto found = std::find(sets.begin(), sets.end(), set);
    if (found != sets.end()) {
      return static_cast<std::uint32_t>(found - sets.begin());
    }
    sets.push_back(set);
    return static_cast<std::uint32_t>(sets.size() - 1);
  }
};

// Per instruction, the walk that last visited it, so a walk needs no clearing.
class Visits {
 public:
  explicit Visits(std::size_t instructions) : m_mark(instructions, 0) {}

  // A walk no instruction has been visited by yet.
  std::uint32_t fresh() {
    if (++m_walk == 0) {  // wrapped: no mark may look current
      std::fill(m_mark.begin(), m_mark.end(), 0);
      m_walk = 1;
    }
    return m_walk;
  }
  // True the first time `walk` visits `at`.
  bool first(std::uint32_t at, std::uint32_t walk) {
    if (m_mark[at] == walk) {
      return false;
    }
    m_mark[at] = walk;
    return true;
  }

 private:
  std::vector<std::uint32_t> m_mark;
  std::uint32_t m_walk = 0;
};

// Follows the empty moves from `kernel` at a position between bytes of the kinds `left` and
// `right`, in priority order (the kernel in order, a split's `out` before its `out1`), each
// instruction once: `on_bytes(at)` for every byte instruction reached, `on_match(inst)` for
// every match, which returns true to end the walk there. Returns whether it did.
template <typename OnBytes, typename OnMatch>
bool follow_empty_moves(const std::vector<Inst>& insts, const std::vector<std::uint32_t>& kernel,
                        Side left, Side right, Visits& visits, std::vector<std::uint32_t>& stack,
                        OnBytes on_bytes, OnMatch on_match) {
  const std::uint32_t walk = visits.fresh();
  stack.assign(kernel.rbegin(), kernel.rend());
  while (!stack.empty()) {
    const std::uint32_t at = stack.back();
    stack.pop_back();
    if (!visits.first(at, walk)) {
      continue;
    }
    const Inst& inst = insts[at];
    switch (inst.op) {
      case Op::bytes: on_bytes(at); break;
      case Op::match:
        if (on_match(inst)) {
          return true;
        }
        break;
      case Op::nop: stack.push_back(inst.out); break;
      case Op::split:
        stack.push_back(inst.out1);
        stack.push_back(inst.out);
        break;
      case Op::assertion:
        if (regex_tree::holds(inst.assertion, left, right)) {
          stack.push_back(inst.out);
        }
        break;
    }
  }
  return false;
}

}  // namespace piiscan::nfa
