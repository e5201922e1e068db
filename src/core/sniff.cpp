#include "core/sniff.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace piiscan {

namespace {

using namespace std::string_view_literals;  // magic numbers contain NUL bytes

struct Magic {
  std::string_view prefix;
  std::string_view media_type;
  ContentKind kind;
};

// Formats with a document extractor are `document`; the driver falls back to `unsupported` when
// this build has no extractor for a media type, so such files make the scan incomplete instead
// of passing as clean.
constexpr std::array<Magic, 17> k_magics = {{
    {"%PDF-"sv, "application/pdf", ContentKind::document},
    {"PK\x03\x04"sv, "application/zip", ContentKind::document},
    {"PK\x05\x06"sv, "application/zip", ContentKind::document},
    {"\x1F\x8B"sv, "application/gzip", ContentKind::document},
    {"BZh"sv, "application/x-bzip2", ContentKind::document},
    {"\xFD" "7zXZ\x00"sv, "application/x-xz", ContentKind::document},
    {"7z\xBC\xAF\x27\x1C"sv, "application/x-7z-compressed", ContentKind::unsupported},
    {"Rar!\x1A\x07"sv, "application/vnd.rar", ContentKind::unsupported},
    // Legacy .doc/.xls/.ppt and password-protected OOXML (an OLE2 "EncryptedPackage").
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv, "application/x-ole-storage", ContentKind::unsupported},
    {"\x89PNG\r\n\x1A\n"sv, "image/png", ContentKind::document},
    {"\xFF\xD8\xFF"sv, "image/jpeg", ContentKind::document},
    {"II*\x00"sv, "image/tiff", ContentKind::document},
    {"MM\x00*"sv, "image/tiff", ContentKind::document},
    {"RIFF"sv, "image/webp", ContentKind::document},  // checked for "WEBP" below
    {"GIF8"sv, "image/gif", ContentKind::binary},
    {"\x7F" "ELF"sv, "application/x-executable", ContentKind::binary},
    {"\x00\x00\x00"sv, "video/mp4", ContentKind::binary},  // ISO BMFF; HEIF refined below
}};

// Zip-based formats by extension; ODF is also recognised by its stored "mimetype" entry.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> k_zip_types = {{
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"docm", "application/vnd.ms-word.document.macroEnabled.12"},
    {"dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"pptm", "application/vnd.ms-powerpoint.presentation.macroEnabled.12"},
    {"odt", "application/vnd.oasis.opendocument.text"},
    {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {"odp", "application/vnd.oasis.opendocument.presentation"},
    {"jar", "application/java-archive"},
}};

// substr that yields "" instead of throwing when `head` is too short.
std::string_view slice(std::string_view head, std::size_t pos, std::size_t count) {
  return pos < head.size() ? head.substr(pos, count) : std::string_view();
}

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

// 1 for the bytes text does not contain: C0 controls other than tab, line ends, form feed and
// escape.
constexpr std::array<std::uint8_t, 256> k_control = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 0x20; ++c) {
    table[static_cast<std::size_t>(c)] =
        c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B ? 1 : 0;
  }
  return table;
}();

std::size_t count_control(std::string_view bytes) noexcept {
  std::size_t control = 0;
  for (unsigned char c : bytes) {
    control += k_control[c];
  }
  return control;
}

// Share of control bytes (k_control). A stray NUL in text stays below the threshold, so text
// after it is still scanned. Words of 8 bytes without any byte below 0x20, most of a text,
// are skipped whole: byte by byte this was 2 % of a worker on a tree of small files.
bool looks_binary(std::string_view head) noexcept {
  const std::string_view sample = head.substr(0, 8192);
  constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
  std::size_t control = 0;
  std::size_t i = 0;
  for (; i + 8 <= sample.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, sample.data() + i, sizeof word);
    if (((word - k_ones * 0x20) & ~word & k_ones * 0x80) != 0) {  // some byte < 0x20
      control += count_control(sample.substr(i, 8));
    }
  }
  control += count_control(sample.substr(i));
  return !sample.empty() && control * 10 > sample.size();
}

std::string zip_media_type(std::string_view head, std::string_view name) {
  // ODF stores "mimetype" uncompressed as its first entry: name at 30, content at 38.
  constexpr std::string_view k_odf = "mimetypeapplication/vnd.oasis.opendocument.";
  if (slice(head, 30, k_odf.size()) == k_odf) {
    const std::string_view rest = slice(head, 38, 100);
    return std::string(rest.substr(0, rest.find_first_of("PK\x00")));
  }
  const std::string ext = lower_extension(name);
  for (const auto& [extension, type] : k_zip_types) {
    if (extension == ext) {
      return std::string(type);
    }
  }
  return "application/zip";
}

SniffResult refine(const Magic& magic, std::string_view head, std::string_view name) {
  const std::string_view type = magic.media_type;
  if (type == "application/zip") {
    return {ContentKind::document, zip_media_type(head, name)};
  }
  if (type == "image/webp" && slice(head, 8, 4) != "WEBP") {
    return {ContentKind::binary, "application/octet-stream"};
  }
  if (type == "video/mp4") {
    const std::string_view brand = slice(head, 8, 4);
    if (slice(head, 4, 4) == "ftyp" && (brand == "heic" || brand == "heix" || brand == "mif1")) {
      return {ContentKind::document, "image/heif"};
    }
    return {ContentKind::binary, slice(head, 4, 4) == "ftyp" ? "video/mp4" : "application/octet-stream"};
  }
  return {magic.kind, std::string(type)};
}

bool looks_like_email(std::string_view head, std::string_view name) {
  if (lower_extension(name) == "eml") {
    return true;
  }
  for (std::string_view header : {"Return-Path: ", "Received: ", "Delivered-To: ", "MIME-Version: "}) {
    if (head.substr(0, header.size()) == header) {
      return true;
    }
  }
  return false;
}

}  // namespace

SniffResult sniff_content(std::string_view head, std::string_view name, bool utf16) {
  // tar has its magic at offset 257 and often starts with NULs, so it goes first.
  if (slice(head, 257, 5) == "ustar") {
    return {ContentKind::document, "application/x-tar"};
  }
  for (const Magic& magic : k_magics) {
    if (head.substr(0, magic.prefix.size()) == magic.prefix) {
      return refine(magic, head, name);
    }
  }
  if (!utf16 && looks_like_email(head, name)) {
    return {ContentKind::document, "message/rfc822"};
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
