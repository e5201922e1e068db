// Content sniffing by magic numbers and byte statistics; no libmagic (it costs ~1 ms a file,
// more than reading a whole share, see docs/performance-notes).
#pragma once

#include <string>
#include <string_view>

#include <piiscan/extractor.hpp>

namespace piiscan {

struct SniffResult {
  ContentKind kind = ContentKind::text;
  std::string media_type;
};

// Decides from the first bytes of a file (and its name for text subtypes) what it holds.
// `utf16` says the encoding sniffer already recognised UTF-16, whose NULs are not binary.
SniffResult sniff_content(std::string_view head, std::string_view name, bool utf16);

// True when `name` ends in .csv or .tsv (case-insensitive).
bool is_delimited_name(std::string_view name) noexcept;

}  // namespace piiscan
