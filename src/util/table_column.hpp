// Automata walked one byte at a time (the start finder's DFA, the context words' automaton) are
// bound by the latency of their table loads: each step's row comes from the previous load.
// Written as table[row + column], the add of the byte's column waits for that load and
// lengthens every step by a cycle. The column is known from the text ahead of time, so
// `table_column(table, column)[row]` computes the column's pointer off the chain and leaves the
// row's add to the load's address unit. The empty asm keeps the compiler from folding the two
// additions back into one after the load.
#pragma once

#include <cstddef>

namespace piiscan {

template <typename Entry>
inline const Entry* table_column(const Entry* table, std::size_t column) noexcept {
  const Entry* at = table + column;
#if defined(__GNUC__)
  asm("" : "+r"(at));
#endif
  return at;
}

}  // namespace piiscan
