// Shell-style glob matching over '/'-separated paths: `*` and `?` do not match '/', `**`
// matches anything including '/', `[abc]`, `[a-z]` and `[!a]` are character classes.
#pragma once

#include <string_view>

namespace piiscan {

bool glob_match(std::string_view pattern, std::string_view text) noexcept;

}  // namespace piiscan
