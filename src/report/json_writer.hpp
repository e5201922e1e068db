// A small, allocation-light JSON writer for the hot path of the reporters: one file object with
// all its findings. nlohmann/json builds a tree per finding (about 2 KB each), which made the
// reporter a quarter of the scan time and most of its memory on finding-dense files.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <piiscan/reporter.hpp>

#include "report/report_spill.hpp"

namespace piiscan {

// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
// bytes that are not valid UTF-8 replaced by U+FFFD (as nlohmann's error_handler_t::replace).
void append_json_string(std::string& out, std::string_view text);

// Appends one file object (design §4.3), compact, on one line. `type`, when not empty, becomes
// a leading `"type"` member (JSON Lines).
void append_file_json(std::string& out, const FileReport& report, bool show_values,
                      std::string_view type = {});

// The findings one piece of append_file_json_in_pieces holds at most: about 0.7 MiB of JSON
// with masked excerpts.
inline constexpr std::size_t k_findings_per_piece = PackedSpill::k_batch;

// The same text as append_file_json, handed to `emit` in pieces as it is written into `piece`:
// the head with the first k_findings_per_piece findings, then each further k_findings_per_piece,
// then the closing brackets. So a file with millions of findings never has its whole object,
// hundreds of megabytes, in memory. Findings spilled (report.spilled) are read back first.
void append_file_json_in_pieces(std::string& piece, const FileReport& report, bool show_values,
                                std::string_view type, const PieceSink& emit);

}  // namespace piiscan
