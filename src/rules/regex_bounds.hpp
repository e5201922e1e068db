// How long a match of a rule's regex can be, from the pattern text alone.
//
// The engine refuses a rule whose matches could be longer than the windows' overlap
// (Engine::k_max_match_span), where a value on a window boundary could be missed or reported
// twice. A bound that is too small would let such a rule through, so every doubt is resolved
// towards a larger bound or none.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace piiscan {

// An upper bound on the length in bytes of any match of `pattern` (RE2 syntax, compiled as
// piiscan compiles rules: UTF-8 encoding, case-sensitive unless (?i), ^/$ per (?m)), or
// nullopt when a match can be arbitrarily long or the pattern uses syntax this function does
// not understand. Never too small.
std::optional<std::size_t> max_match_length(std::string_view pattern);

// True when capture group 1 of `pattern` is always the whole match: the pattern is one plain
// capture group with only empty-width assertions (\b, \B, ^, $, \A, \z) before and after it,
// as in \b([0-9]{11})\b. Then the group needs no capture engine, only the match. False
// whenever in doubt.
bool capture_is_whole_match(std::string_view pattern);

}  // namespace piiscan
