// Safe display of untrusted strings (file names) on a terminal or in a log line.
#pragma once

#include <string>
#include <string_view>

namespace piiscan {

// Escapes control characters (\n, \t, \x1b…) and bytes that are not valid UTF-8 (\xff), so a
// file name can neither forge a log line nor send terminal escapes.
std::string escape_for_display(std::string_view text);

}  // namespace piiscan
