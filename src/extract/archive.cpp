// tar, gzip, bzip2, xz and their combinations (extractors.hpp: extract_archive). Every regular
// entry becomes a member; a bare compressed stream becomes one member named after the outer
// file without its compression suffix ("report.csv.gz" -> "report.csv").
#include "extract/archive_reader.hpp"
#include "extract/extractors.hpp"

#include <array>
#include <string>
#include <utility>

namespace piiscan {
namespace {

// Suffix of a compressed file and what it leaves behind ("x.tgz" is "x.tar" compressed).
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> k_suffixes{
    {{".gz", ""},
     {".bz2", ""},
     {".xz", ""},
     {".lzma", ""},
     {".zst", ""},
     {".lz4", ""},
     {".Z", ""},
     {".tgz", ".tar"},
     {".tbz2", ".tar"},
     {".tbz", ".tar"},
     {".txz", ".tar"}}};

bool has_suffix(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) {
    return false;
  }
  std::string_view tail = text.substr(text.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char a = tail[i];
    char b = suffix[i];
    bool same = a == b || (a >= 'A' && a <= 'Z' && a - 'A' + 'a' == b);
    if (!same) {
      return false;
    }
  }
  return true;
}

std::string stream_member_name(std::string_view outer_name) {
  std::size_t slash = outer_name.find_last_of("/\\");
  std::string_view file =
      slash == std::string_view::npos ? outer_name : outer_name.substr(slash + 1);
  for (const auto& [suffix, replacement] : k_suffixes) {
    if (has_suffix(file, suffix) && file.size() > suffix.size()) {
      return std::string(file.substr(0, file.size() - suffix.size())) + std::string(replacement);
    }
  }
  return "data";
}

}  // namespace

void extract_archive(std::string_view bytes, std::string_view name, const ExtractLimits& limits,
                     DocumentSink& sink) {
  std::string stream_name = stream_member_name(name);
  ArchiveReadOptions options;
  options.stream_name = stream_name;
  read_archive_entries(
      bytes, limits, sink,
      [&](std::string_view entry_name, std::string_view data) {
        sink.member(entry_name, data);
        return true;
      },
      options);
}

}  // namespace piiscan
