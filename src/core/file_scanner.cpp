#include "core/file_scanner.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/line_counter.hpp"
#include "core/text_stream.hpp"
#include "extract/registry.hpp"
#include "util/errno_text.hpp"

namespace piiscan {

namespace {

constexpr const char* k_changed = "file changed while the scan ran";
constexpr const char* k_too_large = "too_large";

// The entry's name in its folder: what follows the path's last slash.
std::string name_of(const FileEntry& entry) {
  return entry.path.substr(entry.path.find_last_of('/') + 1);  // npos + 1 == 0
}

// The entry's folder opened by the path before its name, or -1.
int open_folder_of(const FileEntry& entry) {
  const std::size_t slash = entry.path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "."
                             : slash == 0               ? "/"
                                                        : entry.path.substr(0, slash);
  return ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

// The slow check for a listed file whose inode differs from its listing's d_ino, as on file
// systems that number them differently (some overlay and network ones), or when the file was
// replaced since: the folder (the walker's, or the one at the entry's parent path) must still
// be the one the walker listed, and its entry of that name (not followed if a symlink) must be
// the opened file.
bool still_listed(const FileEntry& entry, FileIdentity opened) {
  const int dir = entry.folder ? entry.folder->fd() : open_folder_of(entry);
  if (dir < 0) {
    return false;
  }
  struct stat folder_st {};
  struct stat named {};
  const bool same = ::fstat(dir, &folder_st) == 0 && identity_of(folder_st) == *entry.listed_in &&
                    ::fstatat(dir, name_of(entry).c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 &&
                    S_ISREG(named.st_mode) && identity_of(named) == opened;
  if (!entry.folder) {
    ::close(dir);
  }
  return same;
}

// A skip record of the entry; a file too large to scan leaves the scan incomplete.
SkipRecord skipped(const FileEntry& entry, const char* reason) {
  return SkipRecord{entry.path, reason, "", std::string_view(reason) == k_too_large};
}

// Opens the entry: in its folder when the walker gave one (a path too long to open), else by
// its path.
int open_entry(const FileEntry& entry, int flags) {
  if (entry.folder) {
    return ::openat(entry.folder->fd(), name_of(entry).c_str(), flags);
  }
  return ::open(entry.path.c_str(), flags);
}

// Whether the opened file, of status `st`, is the one the walker found.
bool is_walked_file(const FileEntry& entry, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) {
    return false;
  }
  const FileIdentity opened = identity_of(st);
  return opened == entry.identity || (entry.listed_in && still_listed(entry, opened));
}

// Opens for reading without blocking on anything that is not a regular file, without updating
// atime where the kernel lets us, and checks that the file is still the one the walker saw.
// A listed file is opened without following a symlink in its place: a device or FIFO there
// would be opened before being refused, and opening a device can have effects. `st` receives
// what fstat reports.
int open_checked(const FileEntry& entry, std::string& error, struct stat& st) {
  constexpr int k_flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  const int base = entry.listed_in ? k_flags | O_NOFOLLOW : k_flags;
  int flags = base | O_NOATIME;
  int fd = open_entry(entry, flags);
  if (fd < 0 && errno == EPERM) {
    flags = base;
    fd = open_entry(entry, flags);
  }
  if (fd < 0) {
    error = errno == ELOOP && entry.listed_in ? k_changed : errno_text(errno);
    return -1;
  }
  if (::fstat(fd, &st) != 0 || !is_walked_file(entry, st)) {
    ::close(fd);
    error = k_changed;
    return -1;
  }
  // O_NONBLOCK stays: it kept open() from waiting on a FIFO swapped in, and a regular file's
  // reads ignore it (read_block clears it should one say EAGAIN). Clearing it here was a syscall
  // per file.
  return fd;
}

// Reads the rest of a document after its sniffed first block, up to `limit` bytes in all.
bool read_rest(int fd, std::string& bytes, std::uint64_t limit, int& error) {
  const ReadFn read = read_from_fd(fd);
  while (bytes.size() < limit) {
    const std::size_t before = bytes.size();
    bytes.resize(std::min<std::uint64_t>(limit, before + (1 << 20)));
    const long n = read(bytes.data() + before, bytes.size() - before);
    if (n < 0) {
      error = errno;
      bytes.resize(before);
      return false;
    }
    bytes.resize(before + static_cast<std::size_t>(n));
    if (n == 0) {
      return true;
    }
  }
  char probe = 0;
  return read(&probe, 1) == 0;  // false: the document is larger than the limit
}

}  // namespace

void ChunkDetector::operator()(const Chunk& chunk) const {
  const std::size_t first = m_findings.size();
  m_engine.scan(chunk, m_findings);
  for (std::size_t i = first; i < m_findings.size(); ++i) {
    m_lines.advance(chunk, m_findings[i].offset);
    m_lines.number(m_findings[i]);
    if (m_locations != nullptr) {
      m_findings[i].location = std::string(m_locations->location_at(m_findings[i].offset));
    }
  }
  m_lines.advance(chunk, chunk.base_offset + chunk.accept_end);
  if (m_file_findings != nullptr) {
    m_file_findings->after_chunk();
  }
}

void FileFindings::spill_findings() {
  if (m_spill == nullptr) {
    m_spill = m_output.spill();
    if (m_spill == nullptr) {
      m_no_spill = true;
      return;
    }
    m_tally.emplace(m_policy);  // only now: most files never spill
  }
  m_tally->add(m_findings);
  m_spill->take(m_findings);
  m_findings.clear();
}

Classification FileFindings::classify() {
  if (m_spill == nullptr) {
    return piiscan::classify(m_findings, m_policy);  // all at hand: the cheaper way
  }
  m_tally->add(m_findings);
  return m_tally->classify();
}

std::string sanitize_member_name(std::string_view name) {
  std::string clean;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) {
      end = name.size();
    }
    const std::string_view segment = name.substr(start, end - start);
    const bool drive = segment.size() == 2 && segment[1] == ':' && start == 0;
    if (!segment.empty() && segment != "." && segment != ".." && !drive) {
      if (!clean.empty()) {
        clean += '/';
      }
      clean += segment;
    }
    start = end + 1;
  }
  return clean.empty() ? std::string("unnamed") : clean;
}

// The DocumentSink of one document: text goes through a TextStream into the engine, metadata
// through the engine's metadata rules, members back into the FileScanner.
class DocumentScan final : public DocumentSink {
 public:
  DocumentScan(FileScanner& scanner, const std::string& path, std::uint32_t depth,
               FileScanner::Budget& budget)
      : m_scanner(scanner), m_path(path), m_depth(depth), m_budget(budget),
        m_detector(scanner.m_engine, m_findings, m_lines, &m_stream),
        m_stream(scanner.m_extract, std::cref(m_detector)) {}

  void text(std::string_view utf8, std::string_view location) override {
    m_stream.set_location(location);
    m_stream.append(utf8);
  }

  void columns(std::span<const std::string> headers, char delimiter) override {
    m_stream.set_columns(ColumnHeaders{delimiter, {headers.begin(), headers.end()}});
  }

  void metadata(std::string_view field, std::string_view value, std::string_view) override {
    if (std::optional<Finding> finding = m_scanner.m_engine.match_metadata(field, value)) {
      m_findings.push_back(std::move(*finding));
    }
  }

  void member(std::string_view name, std::string_view bytes) override {
    const std::string path = m_path + "!/" + sanitize_member_name(name);
    if (m_depth + 1 > m_scanner.m_limits.max_depth) {
      m_scanner.m_output.error(ScanError{path, "limit", "max_depth"});
      return;
    }
    const Sensitivity level = m_scanner.scan_bytes(path, bytes, m_depth + 1, m_budget);
    if (level > m_member_level) {
      m_member_level = level;
      m_member_path = path;
    }
  }

  void problem(ProblemKind kind, std::string_view detail) override {
    m_scanner.m_output.error(ScanError{m_path, std::string(to_string(kind)), std::string(detail)});
  }

  bool exhausted() const override { return m_budget.exhausted; }

  bool consume(std::uint64_t bytes) override { return m_scanner.consume(m_path, m_budget, bytes); }

  // Finishes the text and returns the findings; the most sensitive member decides a floor.
  std::vector<Finding> finish() {
    m_stream.finish();
    return std::move(m_findings);
  }
  Sensitivity member_level() const { return m_member_level; }
  const std::string& member_path() const { return m_member_path; }

 private:
  FileScanner& m_scanner;
  const std::string& m_path;
  std::uint32_t m_depth;
  FileScanner::Budget& m_budget;
  std::vector<Finding> m_findings;
  LineCounter m_lines;
  ChunkDetector m_detector;
  TextStream m_stream;
  Sensitivity m_member_level = Sensitivity::public_;
  std::string m_member_path;
};

std::uint64_t FileScanner::scan(const FileEntry& entry) {
  std::string open_error;
  struct stat st {};
  const int fd = open_checked(entry, open_error, st);
  if (fd < 0) {
    report_unopened(entry, open_error);
    return 0;
  }
  if (const char* reason = skip_reason(st)) {
    ::close(fd);
    m_output.skip(skipped(entry, reason));
    return 0;
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  std::vector<Finding> findings = take_findings_buffer();
  FileFindings file_findings(findings, m_extract.spill_findings_from, m_policy, m_output);
  LineCounter lines;
  const ChunkDetector detector(m_engine, findings, lines, nullptr, &file_findings);
  std::string head;
  const ExtractResult extracted = extract_text(read_from_fd(fd, size), entry.path, m_extract,
                                               std::cref(detector), head);
  std::uint64_t disk_bytes = extracted.bytes_read;
  if (extracted.kind == ContentKind::text) {
    ::close(fd);
    report_text(entry.path, size, extracted, std::move(findings), file_findings);
    return disk_bytes;
  }
  if (extracted.kind == ContentKind::document && find_document_extractor(extracted.media_type)) {
    int error = 0;
    const bool whole = read_rest(fd, head, m_limits.max_total_bytes, error);
    disk_bytes = head.size();
    if (error != 0) {
      m_output.error(ScanError{entry.path, "read", errno_text(error)});
    } else if (!whole) {
      m_output.error(ScanError{entry.path, "limit", "max_total_bytes"});
    } else {
      Budget budget{head.size(), 0, std::chrono::steady_clock::now(), false};
      scan_document(entry.path, head, extracted.media_type, 0, budget);
    }
    ::close(fd);
    give_back(std::move(findings));
    return disk_bytes;
  }
  ::close(fd);
  skip_non_text(entry.path, extracted);
  give_back(std::move(findings));
  return disk_bytes;
}

const char* FileScanner::skip_reason(const struct stat& st) const {
  const std::vector<FileIdentity>& skip = m_checks.skip_files;
  if (std::find(skip.begin(), skip.end(), identity_of(st)) != skip.end()) {
    return "report_file";
  }
  return too_large(st) ? k_too_large : nullptr;
}

bool FileScanner::too_large(const struct stat& st) const {
  const std::uint64_t limit = m_checks.max_file_size;
  return limit != 0 && static_cast<std::uint64_t>(st.st_size) > limit;
}

// A file too large to scan is skipped as such even when it cannot be opened, as when the walker
// checked sizes: the lstat here costs only where an open failed.
void FileScanner::report_unopened(const FileEntry& entry, const std::string& error) {
  struct stat st {};
  if (m_checks.max_file_size != 0 && ::lstat(entry.path.c_str(), &st) == 0 &&
      S_ISREG(st.st_mode) && too_large(st)) {
    m_output.skip(skipped(entry, k_too_large));
    return;
  }
  m_output.error(ScanError{entry.path, "open", error});
}

Sensitivity FileScanner::scan_bytes(const std::string& path, std::string_view bytes,
                                    std::uint32_t depth, Budget& budget) {
  std::vector<Finding> findings;
  FileFindings file_findings(findings, m_extract.spill_findings_from, m_policy, m_output);
  LineCounter lines;
  const ChunkDetector detector(m_engine, findings, lines, nullptr, &file_findings);
  std::string head;
  const ExtractResult extracted = extract_text(read_from_memory(bytes), path, m_extract,
                                               std::cref(detector), head);
  if (extracted.kind == ContentKind::text) {
    return report_text(path, bytes.size(), extracted, std::move(findings), file_findings);
  }
  if (extracted.kind == ContentKind::document && find_document_extractor(extracted.media_type)) {
    return scan_document(path, bytes, extracted.media_type, depth, budget);
  }
  skip_non_text(path, extracted);
  return Sensitivity::public_;
}

Sensitivity FileScanner::scan_document(const std::string& path, std::string_view bytes,
                                       const std::string& media_type, std::uint32_t depth,
                                       Budget& budget) {
  DocumentScan sink(*this, path, depth, budget);
  find_document_extractor(media_type)(bytes, path, m_limits, sink);
  std::vector<Finding> findings = sink.finish();
  FileReport report;
  report.path = path;
  report.size = bytes.size();
  report.media_type = media_type;
  Classification classification = classify(findings, m_policy);
  report.sensitivity = std::max(classification.level, sink.member_level());
  report.reasons = std::move(classification.reasons);
  if (sink.member_level() > classification.level) {
    report.reasons = {"contains a " + std::string(to_string(sink.member_level())) +
                      " member: " + sink.member_path()};
  }
  report.findings = std::move(findings);
  const Sensitivity level = report.sensitivity;
  m_output.file(report);
  return level;
}

Sensitivity FileScanner::report_text(const std::string& path, std::uint64_t size,
                                     const ExtractResult& extracted,
                                     std::vector<Finding>&& findings,
                                     FileFindings& file_findings) {
  if (extracted.read_errno != 0) {
    m_output.error(ScanError{path, "read", errno_text(extracted.read_errno)});
  }
  if (extracted.interrupted) {
    m_output.error(ScanError{path, "read", "interrupted: only the beginning was scanned"});
  }
  FileReport report;
  report.path = path;
  report.size = size;
  report.media_type = extracted.media_type;
  report.encoding = extracted.encoding;
  Classification classification = file_findings.classify();
  report.sensitivity = classification.level;
  report.reasons = std::move(classification.reasons);
  report.findings = std::move(findings);
  report.spilled = file_findings.spilled();
  m_output.file(report);
  give_back(std::move(report.findings));
  return classification.level;
}

namespace {

// Up to 32 MiB of findings are kept from file to file (about 350,000): more would stay resident
// for the rest of the run after one outsized file.
constexpr std::size_t k_kept_findings = (std::size_t{32} << 20) / sizeof(Finding);

}  // namespace

std::vector<Finding> FileScanner::take_findings_buffer() {
  // Reserved address space costs no memory until it is written. Grown by doubling instead, the
  // vector of a dense export copied its findings at each step and touched about twice their
  // pages, each first touch a page fault (1.6 us on the bench machine).
  if (m_spare_findings.capacity() == 0) {
    m_spare_findings.reserve(k_kept_findings);
  }
  return std::move(m_spare_findings);
}

void FileScanner::give_back(std::vector<Finding>&& findings) {
  if (findings.capacity() > m_spare_findings.capacity() &&
      findings.capacity() <= k_kept_findings) {
    findings.clear();
    m_spare_findings = std::move(findings);
  }
}

void FileScanner::skip_non_text(const std::string& path, const ExtractResult& extracted) {
  if (extracted.read_errno != 0) {
    m_output.error(ScanError{path, "read", errno_text(extracted.read_errno)});
    return;
  }
  const bool binary = extracted.kind == ContentKind::binary;
  m_output.skip(SkipRecord{path, binary ? "binary" : "unsupported_format", extracted.media_type,
                           !binary});
}

bool FileScanner::consume(const std::string& path, Budget& budget, std::uint64_t bytes) {
  if (budget.exhausted) {
    return false;
  }
  budget.produced += bytes;
  const char* limit = nullptr;
  if (budget.produced > m_limits.max_total_bytes) {
    limit = "max_total_bytes";
  } else if (budget.produced > (1u << 20) &&
             budget.produced / std::max<std::uint64_t>(budget.input_bytes, 1) > m_limits.max_ratio) {
    limit = "max_ratio";
  } else if (std::chrono::steady_clock::now() - budget.started >
             std::chrono::milliseconds(m_limits.time_budget_ms)) {
    limit = "time_budget";
  }
  if (limit == nullptr) {
    return true;
  }
  budget.exhausted = true;
  m_output.error(ScanError{path, "limit", limit});
  return false;
}

}  // namespace piiscan
