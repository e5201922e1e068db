// Test support for the document extractors: a DocumentSink that records every call and enforces
// the byte and time budgets the way the real driver does, and fixture writers built on
// libarchive's writer, so tests build their archives in memory instead of committing binaries.
//
// All planted values are synthetic: 36574261809 is a made-up Steuer-IdNr with a valid check
// digit, max.mustermann@example.de uses the reserved example.de domain.
#pragma once

#include <piiscan/document.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace piiscan::test {

struct RecordedText {
  std::string location;
  std::string text;
};

struct RecordedColumns {
  std::vector<std::string> headers;
  char delimiter = '\0';
};

struct RecordedMetadata {
  std::string field;
  std::string value;
  std::string category;
};

struct RecordedMember {
  std::string name;
  std::string bytes;
};

struct RecordedProblem {
  ProblemKind kind;
  std::string detail;
};

class RecordingSink final : public DocumentSink {
 public:
  explicit RecordingSink(ExtractLimits limits = {})
      : m_limits(limits),
        m_deadline(std::chrono::steady_clock::now() +
                   std::chrono::milliseconds(limits.time_budget_ms)) {}

  // Consecutive calls with the same location form one section (document.hpp).
  void text(std::string_view utf8, std::string_view location) override {
    if (texts.empty() || texts.back().location != location) {
      texts.push_back({std::string(location), {}});
    }
    texts.back().text.append(utf8);
  }

  void columns(std::span<const std::string> headers, char delimiter) override {
    columns_calls.push_back({{headers.begin(), headers.end()}, delimiter});
  }

  void metadata(std::string_view field, std::string_view value,
                std::string_view category) override {
    metadata_calls.push_back({std::string(field), std::string(value), std::string(category)});
  }

  void member(std::string_view name, std::string_view bytes) override {
    members.push_back({std::string(name), std::string(bytes)});
  }

  void problem(ProblemKind kind, std::string_view detail) override {
    problems.push_back({kind, std::string(detail)});
  }

  bool exhausted() const override {
    return m_over_budget || std::chrono::steady_clock::now() > m_deadline;
  }

  bool consume(std::uint64_t bytes) override {
    m_consumed += bytes;
    if (m_consumed > m_limits.max_total_bytes && !m_over_budget) {
      m_over_budget = true;
      problems.push_back({ProblemKind::limit, "max_total_bytes"});
    }
    return !m_over_budget;
  }

  // All text recorded under `location`, in order.
  std::string text_at(std::string_view location) const {
    std::string all;
    for (const RecordedText& section : texts) {
      if (section.location == location) {
        all += section.text;
      }
    }
    return all;
  }

  std::string all_text() const {
    std::string all;
    for (const RecordedText& section : texts) {
      all += section.text;
    }
    return all;
  }

  bool has_problem(ProblemKind kind, std::string_view detail_part = {}) const {
    return std::any_of(problems.begin(), problems.end(), [&](const RecordedProblem& problem) {
      return problem.kind == kind && problem.detail.find(detail_part) != std::string::npos;
    });
  }

  const RecordedMember* find_member(std::string_view name) const {
    auto it = std::find_if(members.begin(), members.end(),
                           [&](const RecordedMember& m) { return m.name == name; });
    return it == members.end() ? nullptr : &*it;
  }

  std::string metadata_value(std::string_view field) const {
    for (const RecordedMetadata& entry : metadata_calls) {
      if (entry.field == field) {
        return entry.value;
      }
    }
    return {};
  }

  std::uint64_t consumed() const { return m_consumed; }

  std::vector<RecordedText> texts;
  std::vector<RecordedColumns> columns_calls;
  std::vector<RecordedMetadata> metadata_calls;
  std::vector<RecordedMember> members;
  std::vector<RecordedProblem> problems;

 private:
  ExtractLimits m_limits;
  std::chrono::steady_clock::time_point m_deadline;
  std::uint64_t m_consumed = 0;
  bool m_over_budget = false;
};

// --- fixtures written with libarchive ----------------------------------------------------------

struct FixtureEntry {
  FixtureEntry(std::string entry_name, std::string entry_data)
      : name(std::move(entry_name)), data(std::move(entry_data)) {}

  // An entry of `size` bytes `fill`, written in blocks (a compression bomb without the memory).
  static FixtureEntry repeated(std::string name, std::uint64_t size, char fill = '\0') {
    FixtureEntry entry(std::move(name), {});
    entry.repeat_bytes = size;
    entry.fill = fill;
    return entry;
  }
  static FixtureEntry symlink_to(std::string name, std::string target) {
    FixtureEntry entry(std::move(name), {});
    entry.symlink = std::move(target);
    return entry;
  }
  static FixtureEntry hardlink_to(std::string name, std::string target) {
    FixtureEntry entry(std::move(name), {});
    entry.hardlink = std::move(target);
    return entry;
  }
  // Zip only: encrypted with ZipCrypto and the passphrase "secret".
  static FixtureEntry encrypted(std::string name, std::string data) {
    FixtureEntry entry(std::move(name), std::move(data));
    entry.encrypt = true;
    return entry;
  }

  std::string name;
  std::string data;
  std::uint64_t repeat_bytes = 0;
  char fill = '\0';
  std::string symlink;
  std::string hardlink;
  bool encrypt = false;
};

struct FixtureFormat {
  int format = ARCHIVE_FORMAT_ZIP;
  int filter = ARCHIVE_FILTER_NONE;  // ARCHIVE_FILTER_GZIP, _BZIP2, _XZ
  std::string options;               // libarchive writer options, e.g. "zip:zip64"
};

inline FixtureFormat fixture_format(int format, int filter, std::string options = {}) {
  FixtureFormat result;
  result.format = format;
  result.filter = filter;
  result.options = std::move(options);
  return result;
}

namespace detail {

inline la_ssize_t append_to_string(struct archive*, void* out, const void* data, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

inline void check(int status, struct archive* a, const char* what) {
  if (status < ARCHIVE_WARN) {
    throw std::runtime_error(std::string(what) + ": " +
                             (archive_error_string(a) ? archive_error_string(a) : "?"));
  }
}

inline void write_entry(struct archive* a, const FixtureEntry& item) {
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, item.name.c_str());
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_mtime(entry, 1700000000, 0);
  if (!item.symlink.empty()) {
    archive_entry_set_filetype(entry, AE_IFLNK);
    archive_entry_set_symlink(entry, item.symlink.c_str());
  } else if (!item.hardlink.empty()) {
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_hardlink(entry, item.hardlink.c_str());
  } else {
    archive_entry_set_filetype(entry, AE_IFREG);
    std::uint64_t size = item.repeat_bytes > 0 ? item.repeat_bytes : item.data.size();
    archive_entry_set_size(entry, static_cast<la_int64_t>(size));
  }
  check(archive_write_header(a, entry), a, "write header");
  archive_entry_free(entry);
  if (item.repeat_bytes > 0) {
    std::string block(1 << 20, item.fill);
    for (std::uint64_t left = item.repeat_bytes; left > 0;) {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
      archive_write_data(a, block.data(), n);
      left -= n;
    }
  } else if (!item.data.empty()) {
    archive_write_data(a, item.data.data(), item.data.size());
  }
}

inline std::string write_entries(const std::vector<FixtureEntry>& entries,
                                 const FixtureFormat& format, bool encrypted) {
  std::string out;
  struct archive* a = archive_write_new();
  check(archive_write_set_format(a, format.format), a, "format");
  check(archive_write_add_filter(a, format.filter), a, "filter");
  archive_write_set_bytes_in_last_block(a, 1);
  if (!format.options.empty()) {
    check(archive_write_set_options(a, format.options.c_str()), a, "options");
  }
  if (encrypted) {
    check(archive_write_set_options(a, "zip:encryption=traditional"), a, "encryption");
    check(archive_write_set_passphrase(a, "secret"), a, "passphrase");
  }
  check(archive_write_open(a, &out, nullptr, append_to_string, nullptr), a, "open");
  for (const FixtureEntry& item : entries) {
    write_entry(a, item);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

inline std::uint64_t read_le(std::string_view bytes, std::size_t pos, int width) {
  std::uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes.at(pos + static_cast<std::size_t>(i)));
  }
  return value;
}

inline void write_le(std::string& out, std::size_t pos, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    out.at(pos + static_cast<std::size_t>(i)) = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

// Joins zips (without comments) into one: local records first, then the central records with
// their local-header offsets moved. libarchive encrypts all entries of an archive or none, so
// mixed archives are built from one-entry zips.
inline std::string join_zips(const std::vector<std::string>& zips) {
  std::string local;
  std::string central;
  std::uint64_t count = 0;
  for (const std::string& zip : zips) {
    std::size_t end = zip.rfind(std::string("PK\x05\x06", 4));
    std::size_t offset = static_cast<std::size_t>(read_le(zip, end + 16, 4));
    std::string records = zip.substr(offset, static_cast<std::size_t>(read_le(zip, end + 12, 4)));
    for (std::size_t pos = 0; pos < records.size();) {
      write_le(records, pos + 42, read_le(records, pos + 42, 4) + local.size(), 4);
      pos += 46 + read_le(records, pos + 28, 2) + read_le(records, pos + 30, 2) +
             read_le(records, pos + 32, 2);
      ++count;
    }
    local += zip.substr(0, offset);
    central += records;
  }
  std::string end("PK\x05\x06", 4);
  end.resize(22, '\0');
  write_le(end, 8, count, 2);
  write_le(end, 10, count, 2);
  write_le(end, 12, central.size(), 4);
  write_le(end, 16, local.size(), 4);
  return local + central + end;
}

}  // namespace detail

// Writes `entries` as an archive of `format` into memory. Throws on a writer error.
inline std::string write_archive(const std::vector<FixtureEntry>& entries,
                                 FixtureFormat format = {}) {
  bool any_encrypted = std::any_of(entries.begin(), entries.end(),
                                   [](const FixtureEntry& entry) { return entry.encrypt; });
  if (!any_encrypted) {
    return detail::write_entries(entries, format, false);
  }
  std::vector<std::string> zips;
  for (const FixtureEntry& entry : entries) {
    zips.push_back(detail::write_entries({entry}, format, entry.encrypt));
  }
  return detail::join_zips(zips);
}

inline std::string make_zip(const std::vector<FixtureEntry>& entries) {
  return write_archive(entries, fixture_format(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE));
}

}  // namespace piiscan::test
