// Files of the repository's rules/ folder, embedded into the binary at build time by
// cmake/EmbedFiles.cmake, so that piiscan needs no data files at run time.
#pragma once

#include <span>
#include <string_view>

namespace piiscan {

struct EmbeddedFile {
  std::string_view name;     // file name within rules/, e.g. "financial.toml"
  std::string_view content;
};

// Sorted by name.
std::span<const EmbeddedFile> embedded_rule_files() noexcept;

// The file called `name`, or nullptr.
const EmbeddedFile* find_embedded_rule_file(std::string_view name) noexcept;

}  // namespace piiscan
