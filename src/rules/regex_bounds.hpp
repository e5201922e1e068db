// How long a match of a rule's regex can be, from the pattern text alone.
//
// The engine uses the bound to let a rule's own regex scan only a small region around the
// place where RE2::Set said the rule can match; a bound that is too small would lose findings,
// so every doubt is resolved towards a larger bound or none.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace piiscan {

// An upper bound on the length in bytes of any match of `pattern` (RE2 syntax, compiled as
// piiscan compiles rules: UTF-8 encoding, case-sensitive unless (?i), ^/$ per (?m)), or
// nullopt when a match can be arbitrarily long or the pattern uses syntax this function does
// not understand. Never too small: the engine sizes search margins with it.
std::optional<std::size_t> max_match_length(std::string_view pattern);

}  // namespace piiscan
