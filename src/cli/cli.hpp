// The command line: CLI11 → options → the core. The only code that writes to stdout or
// decides the process's exit code.
#pragma once

namespace piiscan::cli {

// Exit codes, design §4.2.
inline constexpr int k_exit_clean = 0;
inline constexpr int k_exit_found = 1;
inline constexpr int k_exit_incomplete = 2;
inline constexpr int k_exit_error = 3;

int run(int argc, char** argv);

}  // namespace piiscan::cli
