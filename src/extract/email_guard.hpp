// A cost bound for handing a message to GMime's parser.
//
// GMime compares every line that starts with "--" against each boundary on its stack (up to 1024
// nested multiparts), so a message with a deep nest of boundaries followed by millions of "--"
// lines costs lines × depth: 10 MB took 26 s. GMime cannot be interrupted, so the extractor
// parses only the prefix whose worst-case cost fits the bound.
#pragma once

#include <cstdint>
#include <string_view>

namespace piiscan {

// Upper bound on GMime's boundary comparisons for one message: about a second of parsing.
inline constexpr std::uint64_t k_max_boundary_checks = 100'000'000;

// The length of the longest prefix of `message` (ending at a line start) for which
// (lines starting with "--") × min(occurrences of "boundary", 1024) stays within `max_checks`;
// `message.size()` when the whole message does. Linear in the size of `message`.
std::size_t affordable_mime_prefix(std::string_view message, std::uint64_t max_checks) noexcept;

}  // namespace piiscan
