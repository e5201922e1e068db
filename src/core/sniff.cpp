#include "core/sniff.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace piiscan {

namespace {

struct Magic {
  std::string_view prefix;
  std::string_view media_type;
  ContentKind kind;
};

// Documents and containers that hold text this build cannot read yet are `unsupported`, so the
// scan says it is incomplete instead of calling them clean.
constexpr std::array<Magic, 15> k_magics = {{
    {"%PDF-", "application/pdf", ContentKind::unsupported},
    {"PK\x03\x04", "application/zip", ContentKind::unsupported},
    {"PK\x05\x06", "application/zip", ContentKind::unsupported},
    {"\x1F\x8B", "application/gzip", ContentKind::unsupported},
    {"BZh", "application/x-bzip2", ContentKind::unsupported},
    {"\xFD" "7zXZ\x00", "application/x-xz", ContentKind::unsupported},
    {"7z\xBC\xAF\x27\x1C", "application/x-7z-compressed", ContentKind::unsupported},
    {"Rar!\x1A\x07", "application/vnd.rar", ContentKind::unsupported},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "application/x-ole-storage", ContentKind::unsupported},
    {"\x89PNG\r\n\x1A\n", "image/png", ContentKind::binary},
    {"\xFF\xD8\xFF", "image/jpeg", ContentKind::binary},
    {"GIF8", "image/gif", ContentKind::binary},
    {"II*\x00", "image/tiff", ContentKind::binary},
    {"MM\x00*", "image/tiff", ContentKind::binary},
    {"\x7F" "ELF", "application/x-executable", ContentKind::binary},
}};

std::string lower_extension(std::string_view name) {
  const std::size_t slash = name.find_last_of('/');
  const std::size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return {};
  }
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::string text_media_type(std::string_view name) {
  static const std::array<std::pair<std::string_view, std::string_view>, 12> k_types = {{
      {"csv", "text/csv"},
      {"tsv", "text/tab-separated-values"},
      {"json", "application/json"},
      {"jsonl", "application/jsonl"},
      {"md", "text/markdown"},
      {"yaml", "application/yaml"},
      {"yml", "application/yaml"},
      {"xml", "application/xml"},
      {"html", "text/html"},
      {"htm", "text/html"},
      {"sql", "application/sql"},
      {"eml", "message/rfc822"},
  }};
  const std::string ext = lower_extension(name);
  for (const auto& [extension, type] : k_types) {
    if (extension == ext) {
      return std::string(type);
    }
  }
  return "text/plain";
}

// Share of bytes that text does not contain: C0 controls other than tab, line ends, form feed
// and escape. A stray NUL in text stays below the threshold, so text after it is still scanned.
bool looks_binary(std::string_view head) noexcept {
  const std::string_view sample = head.substr(0, 8192);
  std::size_t control = 0;
  for (unsigned char c : sample) {
    control += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ? 1 : 0;
  }
  return !sample.empty() && control * 10 > sample.size();
}

}  // namespace

SniffResult sniff_content(std::string_view head, std::string_view name, bool utf16) {
  for (const Magic& magic : k_magics) {
    if (head.substr(0, magic.prefix.size()) == magic.prefix) {
      return {magic.kind, std::string(magic.media_type)};
    }
  }
  if (!utf16 && looks_binary(head)) {
    return {ContentKind::binary, "application/octet-stream"};
  }
  return {ContentKind::text, text_media_type(name)};
}

bool is_delimited_name(std::string_view name) noexcept {
  const std::string ext = lower_extension(name);
  return ext == "csv" || ext == "tsv";
}

}  // namespace piiscan
