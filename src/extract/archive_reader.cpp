#include "extract/archive_reader.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace piiscan {
namespace {

constexpr std::size_t k_block_size = 64 * 1024;
constexpr std::uint64_t k_ratio_floor = 1ull << 20;  // the ratio limit applies above this
constexpr int k_max_retries = 16;

struct ArchiveCloser {
  void operator()(archive* handle) const { archive_read_free(handle); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

enum class Formats { archives, stream_only };

// Filters are registered one by one: archive_read_support_filter_all() would also register the
// lrzip/lzop/grzip filters, which run external programs on the data.
ArchivePtr open_reader(std::string_view bytes, Formats formats) {
  ArchivePtr handle(archive_read_new());
  if (!handle) {
    return nullptr;
  }
  archive* a = handle.get();
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_bzip2(a);
  archive_read_support_filter_xz(a);
  archive_read_support_filter_lzma(a);
  archive_read_support_filter_zstd(a);
  archive_read_support_filter_lz4(a);
  archive_read_support_filter_compress(a);
  if (formats == Formats::archives) {
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
  }
  archive_read_support_format_raw(a);
  if (archive_read_open_memory(a, bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return nullptr;
  }
  return handle;
}

std::string error_text(archive* a) {
  const char* message = archive_error_string(a);
  return message != nullptr ? message : "decode error";
}

bool is_link_or_special(archive_entry* entry) {
  return archive_entry_hardlink(entry) != nullptr || archive_entry_filetype(entry) != AE_IFREG;
}

// Reads one archive: the state (counters, the entry buffer) of one read_archive_entries call.
class EntryReader {
 public:
  EntryReader(std::string_view bytes, const ExtractLimits& limits, DocumentSink& sink,
              const ArchiveReadOptions& options)
      : m_bytes(bytes), m_limits(limits), m_sink(sink), m_options(options), m_block(k_block_size) {}

  bool run(const ArchiveEntryFn& on_entry);

 private:
  enum class Flow { go_on, stop };
  enum class DataEnd { complete, entry_error, fatal_error, stop };

  int open_first(Formats formats, archive_entry*& entry);
  bool is_compressed_empty_tar() const;
  bool is_bare_uncompressed() const;
  Flow on_header(int status, archive_entry* entry, const ArchiveEntryFn& on_entry);
  Flow read_entry(archive_entry* entry, const ArchiveEntryFn& on_entry);
  std::string entry_name(archive_entry* entry) const;
  DataEnd read_data();
  std::size_t bytes_to_keep(std::uint64_t produced);
  bool count_produced(std::uint64_t n);
  bool ratio_exceeded() const;

  std::string_view m_bytes;
  const ExtractLimits& m_limits;
  DocumentSink& m_sink;
  const ArchiveReadOptions& m_options;
  ArchivePtr m_archive;
  std::vector<char> m_block;
  std::string m_data;
  std::uint64_t m_produced = 0;
  std::uint64_t m_entries = 0;
  int m_retries = 0;
  bool m_member_limit_reported = false;
};

bool EntryReader::run(const ArchiveEntryFn& on_entry) {
  archive_entry* entry = nullptr;
  int status = open_first(Formats::archives, entry);
  if (status == ARCHIVE_EOF && is_compressed_empty_tar()) {
    status = open_first(Formats::stream_only, entry);
  }
  if (status == ARCHIVE_FATAL || is_bare_uncompressed()) {
    std::string reason =
        status == ARCHIVE_FATAL && m_archive ? error_text(m_archive.get()) : "unknown format";
    m_sink.problem(ProblemKind::corrupt, "not a readable archive: " + reason);
    return false;
  }
  if (status == ARCHIVE_EOF) {
    return true;
  }
  if ((archive_format(m_archive.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP &&
      zip_entries_overlap(m_bytes, read_zip_directory(m_bytes, m_limits.max_entries))) {
    m_sink.problem(ProblemKind::limit, "zip_overlapping_entries");
    return true;
  }
  while (!m_sink.exhausted() && on_header(status, entry, on_entry) == Flow::go_on) {
    status = archive_read_next_header(m_archive.get(), &entry);
  }
  return true;
}

int EntryReader::open_first(Formats formats, archive_entry*& entry) {
  m_archive = open_reader(m_bytes, formats);
  return m_archive ? archive_read_next_header(m_archive.get(), &entry) : ARCHIVE_FATAL;
}

// libarchive's tar reader takes a leading block of zeros for the end of an empty tar, so a
// compressed disk image or ISO (which start with zeros) would yield nothing; it is read as a
// bare stream instead.
bool EntryReader::is_compressed_empty_tar() const {
  archive* a = m_archive.get();
  return a != nullptr && (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR &&
         archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE;
}

// The raw format accepts any bytes; without a decompression filter in front of it the "archive"
// would be the input itself, and the driver would recurse on it forever.
bool EntryReader::is_bare_uncompressed() const {
  archive* a = m_archive.get();
  return a != nullptr && archive_format(a) == ARCHIVE_FORMAT_RAW &&
         archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE;
}

EntryReader::Flow EntryReader::on_header(int status, archive_entry* entry,
                                         const ArchiveEntryFn& on_entry) {
  if (status == ARCHIVE_EOF) {
    return Flow::stop;
  }
  if (status == ARCHIVE_FATAL) {
    m_sink.problem(ProblemKind::corrupt, error_text(m_archive.get()));
    return Flow::stop;
  }
  if (status == ARCHIVE_RETRY) {
    return ++m_retries <= k_max_retries ? Flow::go_on : Flow::stop;
  }
  if (++m_entries > m_limits.max_entries) {
    m_sink.problem(ProblemKind::limit, "max_entries");
    return Flow::stop;
  }
  if (status == ARCHIVE_FAILED) {  // this entry is unusable, the next one may be fine
    m_sink.problem(ProblemKind::corrupt, error_text(m_archive.get()));
    return Flow::go_on;
  }
  return read_entry(entry, on_entry);
}

EntryReader::Flow EntryReader::read_entry(archive_entry* entry, const ArchiveEntryFn& on_entry) {
  if (is_link_or_special(entry)) {
    return Flow::go_on;  // never followed: the target may be outside the archive
  }
  std::string name = entry_name(entry);
  if (m_options.wanted && !m_options.wanted(name)) {
    return Flow::go_on;
  }
  if (archive_entry_is_encrypted(entry)) {
    m_sink.problem(ProblemKind::encrypted, name);
    return Flow::go_on;
  }
  DataEnd end = read_data();
  bool failed = end == DataEnd::entry_error || end == DataEnd::fatal_error;
  // What was decoded before an error is still scanned; an entry that failed before its first
  // byte is only the problem, not an empty member.
  bool keep_going = failed && m_data.empty() ? true : on_entry(name, m_data);
  if (failed) {
    m_sink.problem(ProblemKind::corrupt, name + ": " + error_text(m_archive.get()));
  }
  bool go_on = keep_going && (end == DataEnd::complete || end == DataEnd::entry_error);
  return go_on ? Flow::go_on : Flow::stop;
}

std::string EntryReader::entry_name(archive_entry* entry) const {
  if (archive_format(m_archive.get()) == ARCHIVE_FORMAT_RAW) {
    return std::string(m_options.stream_name);
  }
  const char* name = archive_entry_pathname(entry);
  return name != nullptr ? name : "";
}

// Reads the current entry into m_data in blocks, never trusting the declared size. Bytes past
// max_member_bytes are still inflated (and counted for the ratio) but dropped: skipping them
// would make libarchive inflate them anyway for a compressed tar, outside our checks.
EntryReader::DataEnd EntryReader::read_data() {
  m_data.clear();
  for (;;) {
    if (m_sink.exhausted()) {
      return DataEnd::stop;
    }
    la_ssize_t n = archive_read_data(m_archive.get(), m_block.data(), m_block.size());
    if (n == 0) {
      return DataEnd::complete;
    }
    if (n < 0) {
      return n == ARCHIVE_FATAL ? DataEnd::fatal_error : DataEnd::entry_error;
    }
    auto produced = static_cast<std::uint64_t>(n);
    if (!count_produced(produced)) {
      return DataEnd::stop;
    }
    std::size_t kept = bytes_to_keep(produced);
    if (kept > 0 && !m_sink.consume(kept)) {
      return DataEnd::stop;
    }
    m_data.append(m_block.data(), kept);
  }
}

// How much of a block of `produced` bytes still fits into the entry's max_member_bytes.
std::size_t EntryReader::bytes_to_keep(std::uint64_t produced) {
  std::uint64_t cap = m_limits.max_member_bytes;
  std::uint64_t room = cap - std::min<std::uint64_t>(m_data.size(), cap);
  if (produced > room && !m_member_limit_reported) {
    m_member_limit_reported = true;
    m_sink.problem(ProblemKind::limit, "max_member_bytes");
  }
  return static_cast<std::size_t>(std::min(produced, room));
}

bool EntryReader::count_produced(std::uint64_t n) {
  m_produced += n;
  if (ratio_exceeded()) {
    m_sink.problem(ProblemKind::limit, "max_ratio");
    return false;
  }
  return true;
}

// produced > max_ratio * input, written without the multiplication (which could overflow for a
// large "unlimited" ratio).
bool EntryReader::ratio_exceeded() const {
  if (m_produced <= k_ratio_floor) {
    return false;
  }
  std::uint64_t input = std::max<std::uint64_t>(m_bytes.size(), 1);
  std::uint64_t whole = m_produced / input;
  return whole > m_limits.max_ratio || (whole == m_limits.max_ratio && m_produced % input != 0);
}

// --- zip central directory ---------------------------------------------------------------

constexpr std::uint32_t k_eocd_signature = 0x06054b50;
constexpr std::uint32_t k_zip64_locator_signature = 0x07064b50;
constexpr std::uint32_t k_zip64_eocd_signature = 0x06064b50;
constexpr std::uint32_t k_central_signature = 0x02014b50;
constexpr std::uint32_t k_local_signature = 0x04034b50;
constexpr std::size_t k_eocd_size = 22;
constexpr std::size_t k_central_size = 46;
constexpr std::size_t k_local_size = 30;
constexpr std::uint32_t k_max32 = 0xffffffff;

// Little-endian field of `width` bytes at `pos`; 0 when out of range (callers check the range of
// the whole record first, so this only guards against mistakes).
std::uint64_t read_le(std::string_view bytes, std::uint64_t pos, int width) {
  if (pos > bytes.size() || bytes.size() - pos < static_cast<std::uint64_t>(width)) {
    return 0;
  }
  std::uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[pos + static_cast<std::uint64_t>(i)]);
  }
  return value;
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > ~std::uint64_t{0} - b ? ~std::uint64_t{0} : a + b;
}

bool fits(std::string_view bytes, std::uint64_t pos, std::uint64_t length) {
  return pos <= bytes.size() && bytes.size() - pos >= length;
}

// The end record closest to the end of the file whose comment fits in the file.
std::optional<std::uint64_t> find_end_record(std::string_view bytes) {
  if (bytes.size() < k_eocd_size) {
    return std::nullopt;
  }
  std::uint64_t last = bytes.size() - k_eocd_size;
  std::uint64_t first = last > 0xffff ? last - 0xffff : 0;
  for (std::uint64_t pos = last + 1; pos-- > first;) {
    if (read_le(bytes, pos, 4) == k_eocd_signature &&
        pos + k_eocd_size + read_le(bytes, pos + 20, 2) <= bytes.size()) {
      return pos;
    }
  }
  return std::nullopt;
}

struct DirectoryLocation {
  std::uint64_t count = 0;
  std::uint64_t size = 0;
  std::uint64_t offset = 0;  // as declared
  std::uint64_t end = 0;     // where the directory ends: at the (Zip64) end record
};

// Applies the Zip64 end record when the classic one says "see Zip64" (0xffff / 0xffffffff).
bool apply_zip64(std::string_view bytes, std::uint64_t eocd, DirectoryLocation& where) {
  if (eocd < 20 || read_le(bytes, eocd - 20, 4) != k_zip64_locator_signature) {
    return where.count != 0xffff && where.size != k_max32 && where.offset != k_max32;
  }
  std::uint64_t record = read_le(bytes, eocd - 20 + 8, 8);
  if (!fits(bytes, record, 56) || read_le(bytes, record, 4) != k_zip64_eocd_signature) {
    return false;
  }
  where.count = read_le(bytes, record + 32, 8);
  where.size = read_le(bytes, record + 40, 8);
  where.offset = read_le(bytes, record + 48, 8);
  where.end = record;
  return true;
}

std::optional<DirectoryLocation> locate_directory(std::string_view bytes, std::uint64_t eocd) {
  DirectoryLocation where{read_le(bytes, eocd + 10, 2), read_le(bytes, eocd + 12, 4),
                          read_le(bytes, eocd + 16, 4), eocd};
  if (!apply_zip64(bytes, eocd, where) || where.size > where.end ||
      where.offset > where.end - where.size) {
    return std::nullopt;
  }
  return where;
}

// Zip64 extra field (id 1): 64-bit values for the 32-bit fields set to 0xffffffff, in the order
// uncompressed size, compressed size, local header offset.
void apply_zip64_extra(std::string_view extra, std::uint64_t uncompressed,
                       ZipDirectoryEntry& entry) {
  for (std::uint64_t pos = 0; fits(extra, pos, 4);) {
    std::uint64_t id = read_le(extra, pos, 2);
    std::uint64_t size = read_le(extra, pos + 2, 2);
    if (!fits(extra, pos + 4, size)) {
      return;
    }
    if (id == 1) {
      std::string_view field = extra.substr(pos + 4, size);
      std::uint64_t at = uncompressed == k_max32 ? 8 : 0;
      if (entry.compressed_size == k_max32 && fits(field, at, 8)) {
        entry.compressed_size = read_le(field, at, 8);
        at += 8;
      }
      if (entry.local_offset == k_max32 && fits(field, at, 8)) {
        entry.local_offset = read_le(field, at, 8);
      }
      return;
    }
    pos += 4 + size;
  }
}

// Parses the central record at `pos`; returns its total length, 0 when it is malformed.
std::uint64_t parse_central_record(std::string_view bytes, std::uint64_t pos, std::uint64_t shift,
                                   ZipDirectoryEntry& entry) {
  if (!fits(bytes, pos, k_central_size) || read_le(bytes, pos, 4) != k_central_signature) {
    return 0;
  }
  std::uint64_t name_length = read_le(bytes, pos + 28, 2);
  std::uint64_t extra_length = read_le(bytes, pos + 30, 2);
  std::uint64_t total = k_central_size + name_length + extra_length + read_le(bytes, pos + 32, 2);
  if (!fits(bytes, pos, total)) {
    return 0;
  }
  entry.flags = static_cast<std::uint16_t>(read_le(bytes, pos + 8, 2));
  entry.compressed_size = read_le(bytes, pos + 20, 4);
  entry.local_offset = read_le(bytes, pos + 42, 4);
  entry.name.assign(bytes.substr(pos + k_central_size, name_length));
  apply_zip64_extra(bytes.substr(pos + k_central_size + name_length, extra_length),
                    read_le(bytes, pos + 24, 4), entry);
  entry.local_offset = saturating_add(entry.local_offset, shift);
  return total;
}

}  // namespace

ZipDirectory read_zip_directory(std::string_view bytes, std::uint64_t max_entries) {
  ZipDirectory directory;
  std::optional<std::uint64_t> eocd = find_end_record(bytes);
  if (!eocd) {
    return directory;
  }
  directory.status = ZipDirectory::Status::corrupt;
  std::optional<DirectoryLocation> where = locate_directory(bytes, *eocd);
  if (!where) {
    return directory;
  }
  // Data prepended to the zip (self-extractors) shifts every offset by the same amount: the
  // directory then starts right before the end record, not where it was declared.
  std::uint64_t start = where->end - where->size;
  if (read_le(bytes, start, 4) != k_central_signature) {
    start = where->offset;
  }
  std::uint64_t shift = start - where->offset;
  std::uint64_t pos = start;
  for (std::uint64_t i = 0; i < where->count; ++i) {
    if (directory.entries.size() >= max_entries) {
      directory.truncated = true;
      break;
    }
    ZipDirectoryEntry entry;
    std::uint64_t length = parse_central_record(bytes, pos, shift, entry);
    if (length == 0) {
      return directory;
    }
    directory.entries.push_back(std::move(entry));
    pos += length;
  }
  directory.status = ZipDirectory::Status::ok;
  return directory;
}

namespace {

// The end of an entry's data: its local header (as stored there) plus its compressed size. A
// local header outside the file counts as a header of the minimum size.
std::uint64_t entry_end(std::string_view bytes, const ZipDirectoryEntry& entry) {
  std::uint64_t header = k_local_size;
  if (fits(bytes, entry.local_offset, k_local_size) &&
      read_le(bytes, entry.local_offset, 4) == k_local_signature) {
    header +=
        read_le(bytes, entry.local_offset + 26, 2) + read_le(bytes, entry.local_offset + 28, 2);
  }
  return saturating_add(saturating_add(entry.local_offset, header), entry.compressed_size);
}

}  // namespace

bool zip_entries_overlap(std::string_view bytes, const ZipDirectory& directory) {
  if (directory.status != ZipDirectory::Status::ok) {
    return false;
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> spans;
  spans.reserve(directory.entries.size());
  for (const ZipDirectoryEntry& entry : directory.entries) {
    spans.emplace_back(entry.local_offset, entry_end(bytes, entry));
  }
  std::sort(spans.begin(), spans.end());
  for (std::size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].first < spans[i - 1].second) {
      return true;
    }
  }
  return false;
}

bool read_archive_entries(std::string_view bytes, const ExtractLimits& limits, DocumentSink& sink,
                          const ArchiveEntryFn& on_entry, const ArchiveReadOptions& options) {
  EntryReader reader(bytes, limits, sink, options);
  return reader.run(on_entry);
}

}  // namespace piiscan
