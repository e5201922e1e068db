// A small, allocation-light JSON writer for the hot path of the reporters: one file object with
// all its findings. nlohmann/json builds a tree per finding (about 2 KB each), which made the
// reporter a quarter of the scan time and most of its memory on finding-dense files.
#pragma once

#include <string>
#include <string_view>

#include <piiscan/reporter.hpp>

namespace piiscan {

// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
// bytes that are not valid UTF-8 replaced by U+FFFD (as nlohmann's error_handler_t::replace).
void append_json_string(std::string& out, std::string_view text);

// Appends one file object (design §4.3), compact, on one line. `type`, when not empty, becomes
// a leading `"type"` member (JSON Lines).
void append_file_json(std::string& out, const FileReport& report, bool show_values,
                      std::string_view type = {});

}  // namespace piiscan
